using Metronome.Ingest.Text;

namespace Metronome.Ingest.Heroku;

/// <summary>
/// Reads <c>Error R14 (Memory quota exceeded) -> detail</c>, <c>Error L10 (output buffer overflow): N
/// messages dropped since TS.</c> and <c>Error L12: N messages dropped since TS.</c> into <c>code</c>,
/// <c>desc</c> (the title in parentheses, else the table's), <c>detail</c> (after <c>-></c> or <c>:</c>)
/// and <c>code_description</c>.
/// </summary>
internal static class HerokuCodedLine
{
    /// <summary>Finds <c>Error Xnn</c> (X one of H, R, L) at the start of the message; returns the code or null.</summary>
    public static string? FindCode(string message)
    {
        var at = message.StartsWith("Error ", StringComparison.Ordinal) ? 6
            : message.StartsWith("L1", StringComparison.Ordinal) ? 0
            : -1;
        if (at < 0 || message.Length < at + 3)
        {
            return null;
        }

        var letter = message[at];
        if (letter is not ('H' or 'R' or 'L') || !char.IsAsciiDigit(message[at + 1]) || !char.IsAsciiDigit(message[at + 2]))
        {
            return null;
        }

        if (message.Length > at + 3 && char.IsAsciiLetterOrDigit(message[at + 3]))
        {
            return null;
        }

        return message.Substring(at, 3);
    }

    /// <summary>Adds the code fields; returns the text after the title (the detail), possibly empty.</summary>
    public static string Parse(string message, string code, FieldListBuilder fields)
    {
        var known = HerokuErrorCodes.Find(code);
        var afterCode = message.IndexOf(code, StringComparison.Ordinal) + code.Length;
        var rest = message.AsSpan(afterCode).TrimStart();
        string? title = null;
        if (rest.StartsWith("(") && rest.IndexOf(')') is > 0 and var close)
        {
            title = rest[1..close].ToString();
            rest = rest[(close + 1)..].TrimStart();
        }

        if (rest.StartsWith("->"))
        {
            rest = rest[2..].TrimStart();
        }
        else if (rest.StartsWith(":"))
        {
            rest = rest[1..].TrimStart();
        }

        fields.Add(IngestFieldNames.Code, code);
        if ((title ?? known?.Title) is { } desc)
        {
            fields.Add(IngestFieldNames.Desc, desc);
        }

        var detail = rest.ToString();
        if (detail.Length > 0)
        {
            fields.Add(IngestFieldNames.Detail, detail);
        }

        if (known is not null)
        {
            fields.Add(IngestFieldNames.CodeDescription, known.Description);
        }

        return detail;
    }
}
