using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Metronome.Query.Execution;

/// <summary>Compiled regexes shared by all queries: a dashboard runs the same patterns again and again,
/// and compiling costs far more than one scan of a small range. Bounded; cleared when full.</summary>
public static class RegexCache
{
    /// <summary>Per-match time limit, so a pathological pattern fails the query instead of a core.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private static readonly ConcurrentDictionary<(string, RegexOptions), Regex> Cache = new();

    public static Regex Get(string pattern, RegexOptions options)
    {
        if (Cache.Count > 2048)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd((pattern, options), static key =>
            new Regex(key.Item1, key.Item2 | RegexOptions.Compiled | RegexOptions.CultureInvariant, MatchTimeout));
    }
}
