using System.Globalization;
using System.Text;
using System.Text.Json;
using Metronome.Core.Events;
using Metronome.Ingest.Web;
using Metronome.Storage;

namespace Metronome.StatsBench;

/// <summary>
/// Loads one app's web events from the reference workload into an embedded store, through the same
/// enrichment every tick gets, and writes the enriched rows ClickHouse loads, so both engines hold the
/// same rows. The mapping: the event is the page <c>https://APP.example/PATH</c> (so <c>page</c> is the
/// workload's <c>path</c> and <c>hostname</c> is <c>APP.example</c>); <c>referrer</c> is classified into
/// <c>referrer_host</c>, <c>referrer_path</c> and <c>source</c>; <c>visitor</c>, <c>country</c>,
/// <c>browser</c> and <c>device</c> are kept as the workload gives them (enrichment keeps fields a tick
/// already carries; there is no User-Agent and no address, so nothing else is derived from them).
/// </summary>
public sealed class WorkloadLoader(string app)
{
    private static readonly string[] Kept = ["visitor", "country", "browser", "device", "id", "format"];
    private readonly WebEnricher _enricher = new(new UserAgentParser(), new ReferrerClassifier(),
        new VisitorIdGenerator(new InMemorySaltStore(), TimeProvider.System), new CountryResolver(null, trustProxyHeader: false));

    public long Loaded { get; private set; }

    public async Task LoadAsync(string ndjson, EventStore store, string clickHouseRows)
    {
        byte[] prefix = Encoding.UTF8.GetBytes($$"""{"_app":"{{app}}","_sourcecategory":"web",""");
        var batch = new List<Event>(10_000);
        using var rows = new StreamWriter(clickHouseRows, append: false, new UTF8Encoding(false), 1 << 20);
        using var input = new FileStream(ndjson, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        foreach (var line in Lines(input))
        {
            if (!line.AsSpan().StartsWith(prefix))
            {
                continue;
            }

            var e = Enrich(line);
            batch.Add(e);
            WriteRow(rows, e);
            if (batch.Count == batch.Capacity)
            {
                await store.AppendAsync(batch).ConfigureAwait(false);
                Loaded += batch.Count;
                batch = new List<Event>(10_000);
            }
        }

        await store.AppendAsync(batch).ConfigureAwait(false);
        Loaded += batch.Count;
    }

    private Event Enrich(byte[] line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        string name = root.GetProperty("name").GetString()!;
        long timeUs = root.GetProperty("ts").GetInt64() * 1000;
        var fields = new List<KeyValuePair<string, FieldValue>>(24);
        foreach (var key in Kept)
        {
            if (root.TryGetProperty(key, out var value))
            {
                fields.Add(new(key, value.GetString()!));
            }
        }

        if (root.TryGetProperty("revenue", out var revenue))
        {
            fields.Add(new(WebFields.Revenue, revenue.GetDouble()));
        }

        string? referrer = root.TryGetProperty("referrer", out var r) ? r.GetString() : null;
        string url = "https://" + app + ".example" + root.GetProperty("path").GetString();
        _enricher.Enrich(new WebHit(app, url, referrer, null, null), fields);
        return new Event(app, name, timeUs, timeUs, fields);
    }

    private static void WriteRow(StreamWriter rows, Event e)
    {
        string Text(string field) => e.Get(field) is { IsNull: false } v ? v.ToString() : "";
        rows.Write("{\"ts\":");
        rows.Write((e.TimeUs / 1000).ToString(CultureInfo.InvariantCulture));
        foreach (var (column, value) in new[]
        {
            ("name", e.Name), ("page", Text(WebFields.Page)), ("visitor", Text(WebFields.Visitor)),
            ("source", Text(WebFields.Source)), ("referrer_host", Text(WebFields.ReferrerHost)),
            ("country", Text(WebFields.Country)), ("browser", Text(WebFields.Browser)), ("device", Text(WebFields.Device)),
        })
        {
            rows.Write(",\"" + column + "\":");
            rows.Write(JsonSerializer.Serialize(value));
        }

        rows.Write("}\n");
    }

    private static IEnumerable<byte[]> Lines(Stream input)
    {
        var buffer = new byte[1 << 20];
        var pending = new List<byte>();
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            int start = 0;
            for (int i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    pending.AddRange(new ArraySegment<byte>(buffer, start, i - start));
                    yield return [.. pending];
                    pending.Clear();
                    start = i + 1;
                }
            }

            pending.AddRange(new ArraySegment<byte>(buffer, start, read - start));
        }

        if (pending.Count > 0)
        {
            yield return [.. pending];
        }
    }
}
