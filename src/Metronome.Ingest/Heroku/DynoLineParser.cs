using System.Globalization;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Heroku;

/// <summary>
/// Dyno manager lines (<c>heroku web.1</c>, heroku-log-formats.md 2.3). Each recognised line gets an
/// <c>action</c> and its details: <c>state_change</c> (<c>state_from</c>, <c>state_to</c>), <c>exit</c>
/// (<c>exit_status</c> long), <c>start</c> (<c>command</c>), <c>stop</c> and <c>client_closed</c>
/// (<c>signal</c>), <c>cycle</c>, <c>restart</c>, <c>idle</c>, <c>unidle</c>, <c>await_client</c>,
/// <c>memory</c> (<c>memory_mb</c>, <c>memory_percent</c> doubles) and <c>error</c> (R codes).
/// Unrecognised lines keep only the envelope.
/// </summary>
internal static class DynoLineParser
{
    public static void Parse(string message, FieldListBuilder fields)
    {
        var text = message.TrimEnd('\r', '\n', ' ');
        if (TryAfter(text, "State changed from ", out var states))
        {
            var to = states.IndexOf(" to ", StringComparison.Ordinal);
            fields.Add(IngestFieldNames.Action, "state_change");
            if (to > 0)
            {
                fields.Add("state_from", states[..to]);
                fields.Add("state_to", states[(to + 4)..]);
            }
        }
        else if (text.StartsWith("Process exited", StringComparison.Ordinal))
        {
            fields.Add(IngestFieldNames.Action, "exit");
            if (TryAfter(text, "Process exited with status ", out var status)
                && long.TryParse(status, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exitStatus))
            {
                fields.Add("exit_status", exitStatus);
            }
        }
        else if (text.StartsWith("Starting process with command", StringComparison.Ordinal))
        {
            fields.Add(IngestFieldNames.Action, "start");
            AddCommand(text, fields);
        }
        else if (text.StartsWith("Stopping ", StringComparison.Ordinal) && SignalOf(text) is { } signal)
        {
            fields.Add(IngestFieldNames.Action, "stop");
            fields.Add("signal", signal);
        }
        else if (text.StartsWith("Client connection closed", StringComparison.Ordinal))
        {
            fields.Add(IngestFieldNames.Action, "client_closed");
            fields.Add("signal", SignalOf(text) ?? "SIGHUP");
        }
        else if (TryAfter(text, "Process running mem=", out var memory))
        {
            fields.Add(IngestFieldNames.Action, "memory");
            AddMemory(memory, fields);
        }
        else if (HerokuCodedLine.FindCode(text) is { } code)
        {
            fields.Add(IngestFieldNames.Action, "error");
            HerokuCodedLine.Parse(text, code, fields);
        }
        else if (SimpleAction(text) is { } action)
        {
            fields.Add(IngestFieldNames.Action, action);
        }
    }

    /// <summary>Adds the command between backticks (or after the colon of the 2011 wording) and the user of
    /// <c>... by user x</c> (one-off and release-phase processes started through the API).</summary>
    internal static void AddCommand(string text, FieldListBuilder fields)
    {
        var open = text.IndexOf('`');
        var close = text.LastIndexOf('`');
        if (open >= 0 && close > open)
        {
            fields.Add("command", text[(open + 1)..close]);
            ApiLineParser.AddUser(text[(close + 1)..], fields);
        }
        else if (text.IndexOf(':') is > 0 and var colon)
        {
            fields.Add("command", text[(colon + 1)..].Trim());
        }
    }

    private static void AddMemory(string memory, FieldListBuilder fields)
    {
        // "1028MB(103.3%)" or "903M(176.1%)"
        var unitAt = memory.IndexOfAny(['M', 'G', 'K', 'k', '(']);
        if (unitAt > 0 && double.TryParse(memory.AsSpan(0, unitAt), NumberStyles.Float, CultureInfo.InvariantCulture, out var mb))
        {
            fields.Add("memory_mb", memory[unitAt] == 'G' ? mb * 1024 : memory[unitAt] is 'K' or 'k' ? mb / 1024 : mb);
        }

        var open = memory.IndexOf('(');
        var percent = memory.IndexOf('%');
        if (open >= 0 && percent > open
            && double.TryParse(memory.AsSpan(open + 1, percent - open - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var share))
        {
            fields.Add("memory_percent", share);
        }
    }

    private static string? SignalOf(string text)
    {
        var at = text.IndexOf("SIG", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var end = at + 3;
        while (end < text.Length && char.IsAsciiLetterUpper(text[end]))
        {
            end++;
        }

        return end > at + 3 ? text[at..end] : null;
    }

    private static string? SimpleAction(string text) => text switch
    {
        "Cycling" => "cycle",
        "Restarting" => "restart",
        "Idling" => "idle",
        "Unidling" => "unidle",
        "Awaiting client" => "await_client",
        _ => null,
    };

    internal static bool TryAfter(string text, string prefix, out string rest)
    {
        if (text.StartsWith(prefix, StringComparison.Ordinal))
        {
            rest = text[prefix.Length..];
            return true;
        }

        rest = "";
        return false;
    }
}
