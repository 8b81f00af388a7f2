using System.Globalization;
using System.Runtime.CompilerServices;
using Metronome.Core.Events;
using Metronome.Query.Sources;

namespace Metronome.QueryBench;

/// <summary>Streams N Heroku router lines (as events with only <c>_raw</c>) from a pool of distinct
/// lines, so the benchmark measures the engine rather than building millions of strings.</summary>
internal sealed class RouterLineSource(long lines, DateTimeOffset start) : IEventSource
{
    private const int Pool = 65_536;
    private readonly Event[] _pool = Build(start);

    public SourceCapabilities Describe(ScanSpec spec) => SourceCapabilities.None;

    public async IAsyncEnumerable<EventBatch> ScanAsync(ScanSpec spec, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        const int BatchSize = 4096;
        for (long at = 0; at < lines; at += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = (int)Math.Min(BatchSize, lines - at);
            var batch = new Event[count];
            for (var i = 0; i < count; i++)
            {
                batch[i] = _pool[(at + i) % Pool];
            }

            yield return new EventBatch(batch, FilterApplied: true);
        }
    }

    private static Event[] Build(DateTimeOffset start)
    {
        var random = new Random(42);
        string[] paths = ["/", "/cart", "/api/items/42", "/login", "/search?q=maps", "/assets/app.js"];
        var events = new Event[Pool];
        var t0 = start.ToUnixTimeMilliseconds() * 1000;
        for (var i = 0; i < Pool; i++)
        {
            var dyno = "web." + (1 + random.Next(8)).ToString(CultureInfo.InvariantCulture);
            var status = random.Next(50) == 0 ? 503 : 200;
            var raw = string.Create(CultureInfo.InvariantCulture,
                $"at=info method=GET path=\"{paths[random.Next(paths.Length)]}\" host=shop.example.com request_id={Guid.NewGuid()} fwd=\"10.1.{random.Next(255)}.{random.Next(255)}\" dyno={dyno} connect={random.Next(5)}ms service={random.Next(1, 900)}ms status={status} bytes={random.Next(100, 90_000)} protocol=https");
            var timeUs = t0 + ((long)i * 1_000_000);
            events[i] = new Event("bench", "router", timeUs, timeUs, [new(FieldNames.Raw, raw)]);
        }

        return events;
    }
}
