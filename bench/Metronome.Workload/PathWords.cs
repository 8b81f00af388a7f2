namespace Metronome.Workload;

/// <summary>Tokens of URL paths (maximal runs of ASCII letters and digits, lower-cased), as Q7 searches them.</summary>
public static class PathWords
{
    /// <summary>Share of the app's events the search word should match: a selective, needle-like search.</summary>
    public const double TargetSelectivity = 0.01;

    public static IEnumerable<string> Tokens(string path)
    {
        int start = -1;
        for (int i = 0; i <= path.Length; i++)
        {
            bool alnum = i < path.Length && char.IsAsciiLetterOrDigit(path[i]);
            if (alnum && start < 0)
                start = i;
            else if (!alnum && start >= 0)
            {
                yield return path[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    /// <summary>Distinct paths a word must occur in, so the search spans many values, not one page.</summary>
    public const int MinDistinctPaths = 10;

    /// <summary>
    /// Picks the word whose events come closest to <see cref="TargetSelectivity"/> of the app's events.
    /// Only alphabetic words of 4+ letters that are not part of another token qualify, so that a token
    /// search and a substring search give the same count.
    /// </summary>
    public static (string Word, long Events) ChooseSearchWord(string[] paths, Func<int, long> hits, long appEvents)
    {
        var allTokens = new HashSet<string>(paths.SelectMany(Tokens), StringComparer.Ordinal);
        var eventsByWord = new Dictionary<string, long>(StringComparer.Ordinal);
        var pathsByWord = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int p = 0; p < paths.Length; p++)
        {
            long h = hits(p);
            foreach (string token in Tokens(paths[p]).Distinct())
            {
                eventsByWord[token] = eventsByWord.GetValueOrDefault(token) + h;
                pathsByWord[token] = pathsByWord.GetValueOrDefault(token) + 1;
            }
        }

        double target = appEvents * TargetSelectivity;
        return eventsByWord
            .Where(kv => kv.Value > 0 && kv.Key.Length >= 4 && kv.Key.All(char.IsAsciiLetter) && pathsByWord[kv.Key] >= MinDistinctPaths)
            .Where(kv => !allTokens.Any(t => t.Length > kv.Key.Length && t.Contains(kv.Key, StringComparison.Ordinal)))
            .OrderBy(kv => Math.Abs(kv.Value - target))
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (kv.Key, kv.Value))
            .DefaultIfEmpty(("docs", 0L))
            .First();
    }
}
