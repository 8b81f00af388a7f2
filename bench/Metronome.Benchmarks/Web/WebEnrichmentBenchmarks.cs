using System.Net;
using BenchmarkDotNet.Attributes;
using Metronome.Core.Events;
using Metronome.Ingest.Web;

namespace Metronome.Benchmarks.Web;

/// <summary>
/// The per-tick cost of web enrichment with warm caches (target: well under 2 µs per tick), and of its
/// parts. Run: <c>dotnet run -c Release --project bench/Metronome.Benchmarks -- --filter '*WebEnrichment*'</c>.
/// </summary>
[MemoryDiagnoser]
public class WebEnrichmentBenchmarks
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    private const string PageUrl = "https://www.shop.example/products/metronome-pro?utm_medium=cpc&utm_campaign=spring";
    private const string Referrer = "https://www.google.com/";

    private readonly List<KeyValuePair<string, FieldValue>> _fields = new(32);
    private WebEnricher _enricher = null!;
    private WebHit _hit;
    private UserAgentParser _userAgents = null!;
    private VisitorIdGenerator _visitors = null!;

    [GlobalSetup]
    public void Setup()
    {
        _userAgents = new UserAgentParser();
        _visitors = new VisitorIdGenerator(new InMemorySaltStore(), TimeProvider.System);
        _enricher = new WebEnricher(_userAgents, new ReferrerClassifier(), _visitors, new CountryResolver(null, trustProxyHeader: true));
        _hit = new WebHit("shop", PageUrl, Referrer, Chrome, IPAddress.Parse("203.0.113.7"), "DE");
        Enrich(); // warm the caches
    }

    [Benchmark(Baseline = true)]
    public int Enrich()
    {
        _fields.Clear();
        _enricher.Enrich(_hit, _fields);
        return _fields.Count;
    }

    [Benchmark]
    public long VisitorId() => _visitors.Compute("shop", _hit.Ip, Chrome);

    [Benchmark]
    public UserAgentInfo UserAgentCached() => _userAgents.Parse(Chrome);

    [Benchmark]
    public UserAgentInfo UserAgentUncached() => UserAgentParser.ParseUncached(Chrome);

    [Benchmark]
    public PageInfo Page() => PageInfo.Parse(PageUrl);
}
