using Metronome.Ingest;

namespace Metronome.Benchmarks.Ingest;

/// <summary>Deterministic Heroku drain traffic for the decoder benchmarks.</summary>
internal static class LogSamples
{
    public const int TargetBodyBytes = 100 * 1024;

    private static readonly string[] Paths = ["/", "/cart_link", "/api/v1/items?page=2", "/assets/app-3f2a.js", "/api/Schlachter 1951/books", "/login", "/health"];
    private static readonly string[] Methods = ["GET", "GET", "GET", "POST", "PUT"];

    public static DrainContext Context { get; } = new("bench", 1_718_000_000_000_000) { SourceName = "d.98ee476d-d2d8-46bf-afc2-740f6f7e5b2a" };

    public static string RouterLine(Random random)
    {
        var status = random.Next(10) == 0 ? 404 : 200;
        return $"<158>1 2022-06-13T14:52:{random.Next(10, 59)}.{random.Next(100000, 999999)}+00:00 host heroku router - at=info method={Methods[random.Next(Methods.Length)]} path=\"{Paths[random.Next(Paths.Length)]}\" host=lumberjack-store.timber.io request_id={Guid(random)} fwd=\"{random.Next(1, 255)}.{random.Next(255)}.{random.Next(255)}.{random.Next(255)}\" dyno=web.{random.Next(1, 4)} connect={random.Next(0, 3)}ms service={random.Next(1, 900)}ms status={status} bytes={random.Next(200, 90000)} protocol=https\n";
    }

    public static string AppJsonLine(Random random) =>
        $"<190>1 2022-06-13T14:52:23.{random.Next(100000, 999999)}+00:00 host app web.1 - {{\"method\":\"GET\",\"path\":\"/items/{random.Next(1000)}\",\"format\":\"json\",\"controller\":\"ItemsController\",\"action\":\"show\",\"status\":200,\"duration\":{random.Next(1, 500)}.{random.Next(10, 99)},\"view\":1.23,\"db\":4.56,\"user\":{{\"id\":{random.Next(100000)},\"plan\":\"pro\"}}}}\n";

    public static string TaggedLine(Random random) =>
        $"<190>1 2022-06-13T14:52:23.{random.Next(100000, 999999)}+00:00 host app web.1 - @[production.pay] {{\"uid\":{random.Next(100000)},\"item_id\":{random.Next(10000)},\"item_category\":\"categoryA\",\"price\":{random.Next(100000)}}}\n";

    public static string MetricsLine(Random random) =>
        $"<134>1 2023-08-24T10:28:47.153192+00:00 host heroku web.{random.Next(1, 4)} - source=web.1 dyno=heroku.322071457.63c5abfd-838b-4e2d-bce1-ce46de280675 sample#memory_total={random.Next(100, 500)}.43MB sample#memory_rss=180.05MB sample#memory_cache=0.38MB sample#memory_swap=0.00MB sample#memory_pgpgin={random.Next(100000)}pages sample#memory_pgpgout=38140pages sample#memory_quota=512.00MB\n";

    public static byte[][] Messages(int count, Func<Random, string> line)
    {
        var random = new Random(42);
        return Enumerable.Range(0, count).Select(_ => System.Text.Encoding.UTF8.GetBytes(line(random))).ToArray();
    }

    /// <summary>A logplex body of about 100 KiB (Logplex's batch size); <paramref name="lines"/> is its frame count.</summary>
    public static byte[] Body(Func<Random, string> line, out int lines) => Body(new Random(7), line, int.MaxValue, out lines);

    /// <summary>A body of about 100 KiB, or of <paramref name="maxLines"/> lines if that is fewer, drawn from
    /// <paramref name="random"/> (bodies drawn one after another from one stream hold distinct lines).</summary>
    public static byte[] Body(Random random, Func<Random, string> line, int maxLines, out int lines)
    {
        var body = new MemoryStream();
        lines = 0;
        while (body.Length < TargetBodyBytes && lines < maxLines)
        {
            var message = System.Text.Encoding.UTF8.GetBytes(line(random));
            var header = System.Text.Encoding.ASCII.GetBytes($"{message.Length} ");
            body.Write(header);
            body.Write(message);
            lines++;
        }

        return body.ToArray();
    }

    /// <summary>Roughly what a busy app's drain carries: router lines, app output, runtime metrics.</summary>
    public static string MixedLine(Random random) => random.Next(10) switch
    {
        < 6 => RouterLine(random),
        < 8 => AppJsonLine(random),
        8 => TaggedLine(random),
        _ => MetricsLine(random),
    };

    private static string Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }
}
