using Metronome.Workload.Random;

namespace Metronome.Workload.Catalog;

/// <summary>
/// The site's URL paths, most popular first (Zipf rank = index): the top-level pages, then generated
/// docs, blog, dataset, map and API pages built from <see cref="Words"/>.
/// </summary>
public static class PathCatalog
{
    public static string[] Build(int count, Xoshiro256StarStar rng)
    {
        var paths = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string page in Words.TopLevelPages)
            Add(page);
        foreach (string topic in Words.DocsTopics)
            Add("/docs/" + topic);

        while (paths.Count < count)
            Add(Generate(rng));
        return [.. paths];

        void Add(string path)
        {
            if (paths.Count < count && seen.Add(path))
                paths.Add(path);
        }
    }

    private static string Generate(Xoshiro256StarStar rng)
    {
        string Pick(string[] words) => words[rng.NextInt(words.Length)];
        return rng.NextInt(10) switch
        {
            0 or 1 => $"/docs/{Pick(Words.DocsTopics)}/{Pick(Words.Subjects)}-{Pick(Words.DocsTopics)}",
            2 or 3 => $"/blog/{2019 + rng.NextInt(8)}/{Pick(Words.BlogVerbs)}-{Pick(Words.Subjects)}-in-{Pick(Words.Places)}",
            4 or 5 => $"/datasets/{Pick(Words.Adjectives)}-{Pick(Words.Subjects)}-{Pick(Words.Places)}",
            6 or 7 => $"/maps/{Pick(Words.Places)}/{Pick(Words.Subjects)}",
            8 => $"/api/v1/{Pick(Words.ApiResources)}/{Pick(Words.Subjects)}",
            _ => $"/datasets/{Pick(Words.Subjects)}-{Pick(Words.Subjects)}/{Pick(Words.Adjectives)}",
        };
    }
}
