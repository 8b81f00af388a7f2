using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Metronome.Storage.Scanning;

/// <summary>The compiled regexes of <see cref="FilterOp.Matches"/> filters: compiled once per pattern
/// (shared across queries, bounded) and remembered per filter instance, so that a per-row check does not
/// hash the pattern.</summary>
public static class FilterRegexes
{
    /// <summary>Per-value time limit, so a pathological pattern fails the query instead of holding a core.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private static readonly ConcurrentDictionary<string, Regex> ByPattern = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<FieldFilter, Regex> ByFilter = [];

    /// <summary>The regex of a <see cref="FilterOp.Matches"/> filter; <see cref="ArgumentException"/> when it does not compile.</summary>
    public static Regex Of(FieldFilter filter)
    {
        if (ByFilter.TryGetValue(filter, out var regex))
        {
            return regex;
        }

        var pattern = filter.Values[0].ToString();
        if (ByPattern.Count > 1024)
        {
            ByPattern.Clear();
        }

        regex = ByPattern.GetOrAdd(pattern, static p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout));
        ByFilter.AddOrUpdate(filter, regex);
        return regex;
    }
}
