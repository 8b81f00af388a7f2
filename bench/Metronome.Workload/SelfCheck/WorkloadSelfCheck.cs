namespace Metronome.Workload.SelfCheck;

/// <summary>
/// `--self-check`: reads the written file back, checks its proportions against the spec within sampling
/// error, and regenerates it with the same seed to prove the output is byte-identical.
/// </summary>
public static class WorkloadSelfCheck
{
    public static bool Run(string path, long events, ulong seed, TextWriter log)
    {
        var counts = new SampleCounts();
        long startMs = WorkloadSpec.Start.ToUnixTimeMilliseconds(), endMs = WorkloadSpec.End.ToUnixTimeMilliseconds();
        byte[] fileHash;
        using (var input = NdjsonLines.OpenRead(path))
        using (var hashing = new HashingReadStream(input))
        {
            NdjsonLines.ForEach(hashing, line => counts.Add(line, startMs, endMs));
            fileHash = hashing.Hash();
        }

        byte[] regeneratedHash;
        using (var sink = new HashingWriteStream())
        {
            new WorkloadGenerator(seed).Write(events, sink);
            regeneratedHash = sink.Hash();
        }

        var checks = new List<(string Name, bool Ok, string Detail)>();
        void Check(string name, bool ok, string detail) => checks.Add((name, ok, detail));
        void Share(string name, long part, long whole, double expected)
        {
            double actual = whole == 0 ? 0 : (double)part / whole;
            // Five standard errors of a proportion, but never tighter than 0.2 points.
            double tolerance = Math.Max(0.002, 5 * Math.Sqrt(expected * (1 - expected) / Math.Max(1, whole)));
            Check(name, Math.Abs(actual - expected) <= tolerance, $"{actual:P2} (expected {expected:P2} ± {tolerance:P2})");
        }

        Check("line count", counts.Lines == events, $"{counts.Lines} lines, expected {events}");
        Check("every line parses", counts.Malformed == 0, $"{counts.Malformed} malformed");
        Check("time order", counts.OutOfOrder == 0, $"{counts.OutOfOrder} lines earlier than the one before");
        Check("time range", counts.OutOfRange == 0, $"{counts.OutOfRange} outside {WorkloadSpec.Start:yyyy-MM-ddTHH:mm:ssZ} .. {WorkloadSpec.End:yyyy-MM-ddTHH:mm:ssZ}");
        Check("byte-identical regeneration", fileHash.AsSpan().SequenceEqual(regeneratedHash), Convert.ToHexString(fileHash)[..16]);
        Check("10 apps", counts.Apps.Keys.All(a => a.Length == 5 && a.StartsWith("app", StringComparison.Ordinal)) && counts.Apps.Count <= 10, string.Join(' ', counts.Apps.Keys.Order()));
        Check("app00 is the largest", counts.Apps.GetValueOrDefault("app00") == counts.Apps.Values.DefaultIfEmpty(0).Max(), $"{counts.Apps.GetValueOrDefault("app00")} events");
        Share("app00 share", counts.Apps.GetValueOrDefault("app00"), counts.Lines, 1.0 / Enumerable.Range(1, 10).Sum(k => 1.0 / k));
        Share("web share", counts.Web, counts.Lines, WorkloadSpec.WebShare);
        for (int i = 0; i < WorkloadSpec.WebNames.Length; i++)
            Share($"{WorkloadSpec.WebNames[i]} share of web", counts.Names.GetValueOrDefault(WorkloadSpec.WebNames[i]), counts.Web, WorkloadSpec.WebNameWeights[i] / 100);
        Share("direct (no referrer) share of web", counts.Web - counts.WebWithReferrer, counts.Web, WorkloadSpec.DirectShare);
        Share("views with an item id", counts.ViewsWithItem, counts.Names.GetValueOrDefault("view"), WorkloadSpec.ViewWithItemShare);
        long downloads = counts.Names.GetValueOrDefault("download");
        Check("every download has id and format", counts.DownloadsWithItem == downloads && counts.DownloadsWithFormat == downloads, $"{downloads} downloads");
        Check("every pay has revenue", counts.PaysWithRevenue == counts.Names.GetValueOrDefault("pay"), $"{counts.PaysWithRevenue} pays");
        Share("status 200 share of router", counts.Status200, counts.Router, WorkloadSpec.StatusWeights[0] / WorkloadSpec.StatusWeights.Sum() * (1 - WorkloadSpec.RouterErrorShare));
        Share("H-code error share of router", counts.RouterErrors, counts.Router, WorkloadSpec.RouterErrorShare);
        Check("H-code errors have status 503", counts.RouterErrors == counts.RouterErrorsWith503, $"{counts.RouterErrors} errors");
        Check("catalog sizes", counts.Paths.Count <= WorkloadSpec.PathCount && counts.ReferrerHosts.Count <= WorkloadSpec.ReferrerHostCount
            && counts.Items.Count <= WorkloadSpec.ItemCount && counts.Visitors.Count <= WorkloadSpec.VisitorCount && counts.Dynos.Count <= WorkloadSpec.DynoCount,
            $"{counts.Paths.Count} paths, {counts.ReferrerHosts.Count} referrer hosts, {counts.Items.Count} items, {counts.Visitors.Count} visitors, {counts.Dynos.Count} dynos");

        foreach (var (name, ok, detail) in checks)
            log.WriteLine($"  {(ok ? "ok  " : "FAIL")} {name}: {detail}");
        return checks.All(c => c.Ok);
    }
}
