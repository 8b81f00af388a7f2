using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Metronome.Query.Sources;

/// <summary>Whole-string wildcard patterns: <c>*</c> any run of characters (also line breaks), <c>?</c>
/// exactly one. Compiled once per pattern and cached.</summary>
public static class Glob
{
    private static readonly ConcurrentDictionary<(string, bool), Regex> Cache = new();

    public static Regex ToRegex(string pattern, bool ignoreCase)
    {
        if (Cache.Count > 4096)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd((pattern, ignoreCase), static key =>
        {
            var options = RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.Compiled;
            return new Regex(ToPattern(key.Item1), key.Item2 ? options | RegexOptions.IgnoreCase : options);
        });
    }

    /// <summary>The anchored regex of a glob (<c>^...\z</c>), meant for <see cref="RegexOptions.Singleline"/>.</summary>
    public static string ToPattern(string glob)
    {
        var builder = new StringBuilder("^");
        foreach (var c in glob)
        {
            builder.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return builder.Append(@"\z").ToString();
    }
}
