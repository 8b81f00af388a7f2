using System.Globalization;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Heroku;

/// <summary>
/// Platform API lines (<c>app api</c>, formerly <c>heroku api</c>; heroku-log-formats.md 2.4) and the old
/// <c>heroku slug-compiler</c> lines. Each gets an <c>action</c> (<c>release</c>, <c>deploy</c>,
/// <c>scale</c>, <c>build</c>, <c>config</c>, <c>rollback</c>, <c>release_command</c>, <c>run</c>,
/// <c>enable_logplex</c>, <c>stack_upgrade</c>, <c>attach</c>, <c>detach</c>) and <c>user</c> from
/// <c>by user x</c> (or the older <c>by x@y</c>); plus <c>version</c> (<c>v42</c>, text as Heroku shows it),
/// <c>commit</c>, <c>build_status</c> (<c>started</c>, <c>succeeded</c>, <c>failed</c>), <c>build_url</c>,
/// <c>config_vars</c>, <c>scale</c> (the formation as sent) with <c>scale.&lt;process&gt;</c> quantities
/// (long) and <c>size.&lt;process&gt;</c>, <c>command</c>, <c>stack</c>, <c>resource</c>.
/// </summary>
internal static class ApiLineParser
{
    public static void Parse(string message, FieldListBuilder fields)
    {
        var text = message.TrimEnd('\r', '\n', ' ');
        var subject = WithoutUser(text, out var user);
        if (subject.StartsWith("Initial release", StringComparison.Ordinal))
        {
            Add(fields, "release", user);
            fields.Add("version", "v1");
        }
        else if (subject.StartsWith("Release v", StringComparison.Ordinal))
        {
            Add(fields, "release", user);
            AddVersion(subject, "Release ".Length, fields);
        }
        else if (subject.StartsWith("Deploy ", StringComparison.Ordinal))
        {
            Add(fields, "deploy", user);
            fields.Add("commit", FirstWord(subject["Deploy ".Length..]));
        }
        else if (subject.StartsWith("Scaled to ", StringComparison.Ordinal) || subject.StartsWith("Scale to ", StringComparison.Ordinal))
        {
            Add(fields, "scale", user);
            AddFormation(subject[(subject.IndexOf(" to ", StringComparison.Ordinal) + 4)..], fields);
        }
        else if (subject.StartsWith("Build ", StringComparison.Ordinal))
        {
            Add(fields, "build", user);
            AddBuild(subject, fields);
        }
        else if (subject.StartsWith("Slug compilation ", StringComparison.Ordinal))
        {
            Add(fields, "build", user);
            fields.Add("build_status", FirstWord(subject["Slug compilation ".Length..]));
        }
        else if (IsConfigChange(subject, out var vars))
        {
            Add(fields, "config", user);
            fields.Add("config_vars", vars);
        }
        else if (subject.StartsWith("Rollback to v", StringComparison.Ordinal))
        {
            Add(fields, "rollback", user);
            AddVersion(subject, "Rollback to ".Length, fields);
        }
        else if (subject.StartsWith("Running release v", StringComparison.Ordinal))
        {
            Add(fields, "release_command", user);
            AddVersion(subject, "Running release ".Length, fields);
        }
        else if (text.StartsWith("Starting process with command", StringComparison.Ordinal))
        {
            // The command may itself contain " by ", so it is read from the full text.
            fields.Add(IngestFieldNames.Action, "run");
            DynoLineParser.AddCommand(text, fields);
        }
        else if (subject.StartsWith("Enable Logplex", StringComparison.Ordinal))
        {
            Add(fields, "enable_logplex", user);
        }
        else if (subject.StartsWith("Upgrade stack to ", StringComparison.Ordinal))
        {
            Add(fields, "stack_upgrade", user);
            fields.Add("stack", FirstWord(subject["Upgrade stack to ".Length..]));
        }
        else if (subject.StartsWith("Attach ", StringComparison.Ordinal) || subject.StartsWith("Detach ", StringComparison.Ordinal))
        {
            Add(fields, subject[0] == 'A' ? "attach" : "detach", user);
            fields.Add("resource", FirstWord(subject[7..]));
        }
        else if (user is not null)
        {
            fields.Add(IngestFieldNames.User, user);
        }
    }

    /// <summary>Adds <c>user</c> from a trailing <c>by user x</c> in <paramref name="text"/>.</summary>
    internal static void AddUser(string text, FieldListBuilder fields)
    {
        WithoutUser(text.TrimEnd(), out var user);
        if (user is not null)
        {
            fields.Add(IngestFieldNames.User, user);
        }
    }

    /// <summary>Splits off a trailing <c>by user x</c> (current wording) or <c>by x@y</c> (before 2016).</summary>
    private static string WithoutUser(string text, out string? user)
    {
        user = null;
        var at = text.LastIndexOf(" by user ", StringComparison.Ordinal);
        if (at >= 0 && text.IndexOf(' ', at + 9) < 0)
        {
            user = text[(at + 9)..];
            return text[..at];
        }

        at = text.LastIndexOf(" by ", StringComparison.Ordinal);
        if (at >= 0 && text.IndexOf(' ', at + 4) < 0 && text.IndexOf('@', at) > 0)
        {
            user = text[(at + 4)..];
            return text[..at];
        }

        return text;
    }

    private static void Add(FieldListBuilder fields, string action, string? user)
    {
        fields.Add(IngestFieldNames.Action, action);
        if (user is not null)
        {
            fields.Add(IngestFieldNames.User, user);
        }
    }

    private static void AddVersion(string subject, int at, FieldListBuilder fields)
    {
        var version = FirstWord(subject[at..]);
        if (version.Length > 1 && version[0] == 'v')
        {
            fields.Add("version", version);
        }
    }

    private static void AddBuild(string subject, FieldListBuilder fields)
    {
        var status = FirstWord(subject["Build ".Length..]);
        fields.Add("build_status", status);
        var url = subject.IndexOf("https://", StringComparison.Ordinal);
        if (url >= 0)
        {
            fields.Add("build_url", FirstWord(subject[url..]));
        }
    }

    /// <summary><c>web@3:Performance-L worker@5:Standard-2X</c> (current) or <c>mailer=1, web=3</c> (old).</summary>
    private static void AddFormation(string formation, FieldListBuilder fields)
    {
        fields.Add("scale", formation);
        foreach (var part in formation.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = part.IndexOfAny(['@', '=']);
            if (separator <= 0)
            {
                continue;
            }

            var process = part[..separator];
            var quantity = part[(separator + 1)..];
            var colon = quantity.IndexOf(':');
            if (colon >= 0)
            {
                fields.Add("size." + process, quantity[(colon + 1)..]);
                quantity = quantity[..colon];
            }

            if (long.TryParse(quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                fields.Add("scale." + process, count);
            }
        }
    }

    private static bool IsConfigChange(string subject, out string vars)
    {
        vars = "";
        foreach (var verb in (ReadOnlySpan<string>)["Set ", "Remove ", "Unset "])
        {
            if (subject.StartsWith(verb, StringComparison.Ordinal) && subject.EndsWith(" config vars", StringComparison.Ordinal))
            {
                vars = subject[verb.Length..^" config vars".Length];
                return true;
            }
        }

        return false;
    }

    private static string FirstWord(string text)
    {
        var space = text.IndexOf(' ');
        return space < 0 ? text : text[..space];
    }
}
