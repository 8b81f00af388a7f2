using System.Text;
using Metronome.Workload.Catalog;
using Metronome.Workload.Output;
using Metronome.Workload.Random;
using static Metronome.Workload.WorkloadSpec;

namespace Metronome.Workload;

/// <summary>
/// Writes the reference workload as NDJSON, one flat object per line, in non-decreasing time order.
/// Every random choice comes from one xoshiro256** stream (plus seed-derived catalogs), so the same
/// seed and event count give byte-identical output.
/// </summary>
public sealed class WorkloadGenerator
{
    private readonly ulong _seed;
    private readonly Xoshiro256StarStar _rng;

    // Catalogs, in Zipf rank order.
    public string[] Paths { get; }
    public string[] Referrers { get; }
    public int[] ItemIdByRank { get; }
    private readonly VisitorCatalog _visitors;

    private readonly DiscreteDistribution _apps = DiscreteDistribution.Zipf(AppCount, AppZipfExponent);
    private readonly DiscreteDistribution _webNames = DiscreteDistribution.FromWeights(WebNameWeights);
    private readonly DiscreteDistribution _paths = DiscreteDistribution.Zipf(PathCount, PathZipfExponent);
    private readonly DiscreteDistribution _referrers = DiscreteDistribution.Zipf(ReferrerHostCount, ReferrerZipfExponent);
    private readonly DiscreteDistribution _items = DiscreteDistribution.Zipf(ItemCount, ItemZipfExponent);
    private readonly DiscreteDistribution _formats = DiscreteDistribution.FromWeights(DownloadFormatWeights);
    private readonly DiscreteDistribution _methods = DiscreteDistribution.FromWeights(MethodWeights);
    private readonly DiscreteDistribution _statuses = DiscreteDistribution.FromWeights(StatusWeights);
    private readonly DiscreteDistribution _errorCodes = DiscreteDistribution.FromWeights(ErrorCodeWeights);

    // Pre-encoded fragments: [app * 6 + kind] where kind 0..4 are the web names and 5 is the router.
    private readonly byte[][] _prefixes;
    private readonly byte[][] _pathMembers, _referrerMembers, _formatMembers, _methodMembers, _dynoMembers;
    private readonly byte[][] _countryMembers, _browserMembers, _deviceMembers, _errorMembers;

    private static readonly byte[] s_visitorMember = "\"visitor\":\"v"u8.ToArray();
    private static readonly byte[] s_itemMember = ",\"id\":\"item-"u8.ToArray();
    private static readonly byte[] s_revenueMember = ",\"revenue\":"u8.ToArray();
    private static readonly byte[] s_infoMember = ",\"at\":\"info\""u8.ToArray();
    private static readonly byte[] s_statusMember = ",\"status\":"u8.ToArray();
    private static readonly byte[] s_connectMember = ",\"connect_ms\":"u8.ToArray();
    private static readonly byte[] s_serviceMember = ",\"service_ms\":"u8.ToArray();
    private static readonly byte[] s_bytesMember = ",\"bytes\":"u8.ToArray();
    private static readonly byte[] s_lineEnd = "}\n"u8.ToArray();

    public WorkloadGenerator(ulong seed)
    {
        _seed = seed;
        _rng = new Xoshiro256StarStar(seed);
        // Catalogs get their own streams so that changing one never shifts the events' randomness.
        Paths = PathCatalog.Build(PathCount, new Xoshiro256StarStar(seed ^ 0x9A7850000001UL));
        Referrers = ReferrerCatalog.Build(ReferrerHostCount, new Xoshiro256StarStar(seed ^ 0x9A7850000002UL));
        ItemIdByRank = Shuffled(ItemCount, new Xoshiro256StarStar(seed ^ 0x9A7850000003UL));
        _visitors = new VisitorCatalog(VisitorCount, seed);

        _prefixes = new byte[AppCount * 6][];
        for (int app = 0; app < AppCount; app++)
        {
            for (int kind = 0; kind < 5; kind++)
                _prefixes[app * 6 + kind] = Encode($"{{\"_app\":\"{AppName(app)}\",\"_sourcecategory\":\"web\",\"name\":\"{WebNames[kind]}\",\"ts\":");
            _prefixes[app * 6 + 5] = Encode($"{{\"_app\":\"{AppName(app)}\",\"_sourcecategory\":\"heroku\",\"name\":\"router\",\"ts\":");
        }
        _pathMembers = [.. Paths.Select(p => Encode($",\"path\":\"{p}\""))];
        _referrerMembers = [.. Referrers.Select(r => Encode($",\"referrer\":\"{r}\""))];
        _formatMembers = [.. DownloadFormats.Select(f => Encode($",\"format\":\"{f}\""))];
        _methodMembers = [.. Methods.Select(m => Encode($",\"method\":\"{m}\""))];
        _dynoMembers = [.. Enumerable.Range(0, DynoCount).Select(d => Encode($",\"dyno\":\"{DynoName(d)}\""))];
        _countryMembers = [.. VisitorCatalog.Countries.Select(c => Encode($",\"country\":\"{c}\""))];
        _browserMembers = [.. VisitorCatalog.Browsers.Select(b => Encode($",\"browser\":\"{b}\""))];
        _deviceMembers = [.. VisitorCatalog.Devices.Select(d => Encode($",\"device\":\"{d}\""))];
        _errorMembers = [.. ErrorCodes.Select(c => Encode($",\"at\":\"error\",\"code\":\"{c}\""))];
    }

    public ulong Seed => _seed;

    /// <summary>Writes <paramref name="events"/> lines to <paramref name="output"/> and returns what was written.</summary>
    public WorkloadTally Write(long events, Stream output, Action<long>? progress = null)
    {
        var tally = new WorkloadTally();
        int[] minuteCounts = TrafficCurve.MinuteCounts(events, Start, Days, _rng);
        long startMs = Start.ToUnixTimeMilliseconds();
        var offsets = new int[minuteCounts.Max()];

        var writer = new Utf8LineWriter(output);
        for (int minute = 0; minute < minuteCounts.Length; minute++)
        {
            int count = minuteCounts[minute];
            Span<int> span = offsets.AsSpan(0, count);
            for (int i = 0; i < count; i++)
                span[i] = _rng.NextInt(60_000);
            span.Sort();

            long minuteMs = startMs + minute * 60_000L;
            int day = minute / TrafficCurve.MinutesPerDay;
            for (int i = 0; i < count; i++)
            {
                writer.BeginLine();
                WriteEvent(writer, minuteMs + span[i], day, tally);
            }
            tally.Events += count;
            if (progress is not null && minute % TrafficCurve.MinutesPerDay == TrafficCurve.MinutesPerDay - 1)
                progress(tally.Events);
        }
        writer.FlushBuffer();
        output.Flush();
        tally.Bytes = writer.BytesWritten;
        return tally;
    }

    private void WriteEvent(Utf8LineWriter w, long ts, int day, WorkloadTally tally)
    {
        int app = _apps.Sample(_rng);
        tally.EventsPerApp[app]++;
        tally.EventsPerAppDay[app * Days + day]++;

        if (_rng.NextDouble() < WebShare)
            WriteWebEvent(w, app, ts, tally);
        else
            WriteRouterEvent(w, app, ts, tally);
        w.Raw(s_lineEnd);
    }

    private void WriteWebEvent(Utf8LineWriter w, int app, long ts, WorkloadTally tally)
    {
        int kind = _webNames.Sample(_rng);
        w.Raw(_prefixes[app * 6 + kind]);
        w.Integer(ts);

        int path = _paths.Sample(_rng);
        tally.PathHitsPerApp[app * PathCount + path]++;
        w.Raw(_pathMembers[path]);

        if (_rng.NextDouble() >= DirectShare)
            w.Raw(_referrerMembers[_referrers.Sample(_rng)]);

        int visitor = _rng.NextInt(VisitorCount);
        w.Byte((byte)',');
        w.Raw(s_visitorMember);
        w.ZeroPadded(visitor, 6);
        w.Byte((byte)'"');
        w.Raw(_countryMembers[_visitors.CountryOf(visitor)]);
        w.Raw(_browserMembers[_visitors.BrowserOf(visitor)]);
        w.Raw(_deviceMembers[_visitors.DeviceOf(visitor)]);

        const int View = 0, Download = 1, Pay = 4;
        bool hasItem = kind == Download || (kind == View && _rng.NextDouble() < ViewWithItemShare);
        if (hasItem)
        {
            int item = ItemIdByRank[_items.Sample(_rng)];
            if (kind == View)
                tally.ItemViewsPerApp[app * ItemCount + item]++;
            w.Raw(s_itemMember);
            w.ZeroPadded(item, 5);
            w.Byte((byte)'"');
        }
        if (kind == Download)
            w.Raw(_formatMembers[_formats.Sample(_rng)]);
        if (kind == Pay)
        {
            w.Raw(s_revenueMember);
            w.Cents(PriceCents[_rng.NextInt(PriceCents.Length)]);
        }
    }

    private void WriteRouterEvent(Utf8LineWriter w, int app, long ts, WorkloadTally tally)
    {
        w.Raw(_prefixes[app * 6 + 5]);
        w.Integer(ts);

        int dyno = _rng.NextInt(DynoCount);
        int method = _methods.Sample(_rng);
        int path = _paths.Sample(_rng);
        tally.PathHitsPerApp[app * PathCount + path]++;

        int connectMs = ConnectMs();
        // web.5 runs on a noisy host: a little slower, so per-dyno percentiles differ.
        double dynoFactor = dyno == 4 ? 1.35 : 1.0;
        long serviceMs = Math.Clamp((long)Math.Round(ServiceMedianMs * dynoFactor * Math.Exp(ServiceSigma * _rng.NextGaussian())), 1, 29_999);
        int status;
        long bytes;
        if (_rng.NextDouble() < RouterErrorShare)
        {
            int code = _errorCodes.Sample(_rng);
            w.Raw(_errorMembers[code]);
            status = 503;
            bytes = 0;
            if (code == 0)
                serviceMs = 30_000; // H12: the router gave up after 30 s
            else if (code == 2)
                connectMs = 0; // H10: nothing to connect to
        }
        else
        {
            w.Raw(s_infoMember);
            status = Statuses[_statuses.Sample(_rng)];
            bytes = ResponseBytes(status);
        }

        w.Raw(_dynoMembers[dyno]);
        w.Raw(_methodMembers[method]);
        w.Raw(_pathMembers[path]);
        w.Raw(s_statusMember);
        w.Integer(status);
        w.Raw(s_connectMember);
        w.Integer(connectMs);
        w.Raw(s_serviceMember);
        w.Integer(serviceMs);
        w.Raw(s_bytesMember);
        w.Integer(bytes);
    }

    private int ConnectMs()
    {
        double u = _rng.NextDouble();
        return u < 0.55 ? 0 : u < 0.90 ? 1 : u < 0.96 ? 2 : u < 0.999 ? 3 + _rng.NextInt(7) : 10 + _rng.NextInt(41);
    }

    private long ResponseBytes(int status) => status switch
    {
        204 or 304 => 0,
        >= 300 and < 400 => 180 + _rng.NextInt(200),
        >= 400 => 300 + _rng.NextInt(1500),
        _ => Math.Max(64, (long)Math.Round(8000 * Math.Exp(1.1 * _rng.NextGaussian()))),
    };

    private static int[] Shuffled(int count, Xoshiro256StarStar rng)
    {
        var values = new int[count];
        for (int i = 0; i < count; i++)
            values[i] = i;
        for (int i = count - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
        return values;
    }

    private static byte[] Encode(string s) => Encoding.UTF8.GetBytes(s);
}
