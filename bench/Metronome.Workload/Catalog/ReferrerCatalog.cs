using Metronome.Workload.Random;

namespace Metronome.Workload.Catalog;

/// <summary>Referrer URLs (https://www.host/path), one per host, most common first (Zipf rank = index).</summary>
public static class ReferrerCatalog
{
    public static string[] Build(int count, Xoshiro256StarStar rng)
    {
        var urls = new List<string>(count);
        var hosts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (host, path) in Words.KnownReferrers)
        {
            if (urls.Count < count && hosts.Add(host))
                urls.Add($"https://www.{host}{path}");
        }
        while (urls.Count < count)
        {
            string word = rng.NextInt(2) == 0
                ? Words.Subjects[rng.NextInt(Words.Subjects.Length)]
                : Words.Places[rng.NextInt(Words.Places.Length)];
            string host = word + Words.HostSuffixes[rng.NextInt(Words.HostSuffixes.Length)]
                + "." + Words.TopLevelDomains[rng.NextInt(Words.TopLevelDomains.Length)];
            if (hosts.Add(host))
                urls.Add($"https://www.{host}/{Words.Subjects[rng.NextInt(Words.Subjects.Length)]}");
        }
        return [.. urls];
    }
}
