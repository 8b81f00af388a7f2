using System.Globalization;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Heroku;

/// <summary>
/// Logging-pipeline lines (<c>heroku logplex</c>, <c>app log-shuttle</c>; heroku-log-formats.md 2.8):
/// <c>Error L10 (output buffer overflow): 500 messages dropped since 2013-04-17T19:04:46+00:00.</c> adds
/// the code fields plus <c>dropped</c> (long; <c>lost</c> for L13) and <c>since</c> (the timestamp as sent).
/// The count is found loosely (the first number before <c>messages</c>) because the wording has varied.
/// </summary>
internal static class PipelineLineParser
{
    public static void Parse(string message, FieldListBuilder fields)
    {
        var code = HerokuCodedLine.FindCode(message);
        if (code is null)
        {
            return;
        }

        var detail = HerokuCodedLine.Parse(message, code, fields);
        var messagesAt = detail.IndexOf(" messages", StringComparison.Ordinal);
        if (messagesAt > 0)
        {
            var numberStart = messagesAt;
            while (numberStart > 0 && char.IsAsciiDigit(detail[numberStart - 1]))
            {
                numberStart--;
            }

            if (numberStart < messagesAt && long.TryParse(detail.AsSpan(numberStart, messagesAt - numberStart), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                var lost = detail.AsSpan(messagesAt).StartsWith(" messages lost", StringComparison.Ordinal);
                fields.Add(lost ? "lost" : "dropped", count);
            }
        }

        var sinceAt = detail.IndexOf("since ", StringComparison.Ordinal);
        if (sinceAt >= 0)
        {
            fields.Add("since", detail[(sinceAt + 6)..].TrimEnd('.', ' ', '\r'));
        }
    }
}
