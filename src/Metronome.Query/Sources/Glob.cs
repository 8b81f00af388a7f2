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
            var builder = new StringBuilder("^");
            foreach (var c in key.Item1)
            {
                builder.Append(c switch
                {
                    '*' => ".*",
                    '?' => ".",
                    _ => Regex.Escape(c.ToString()),
                });
            }

            builder.Append(@"\z");
            var options = RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.Compiled;
            return new Regex(builder.ToString(), key.Item2 ? options | RegexOptions.IgnoreCase : options);
        });
    }
}
