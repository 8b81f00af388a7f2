using System.Collections.Frozen;
using System.Net;
using Metronome.Core.Events;

namespace Metronome.Ingest.Web;

/// <summary>
/// Adds the web analytics fields (<see cref="WebFields.Enriched"/>) to a tick: page, referrer and
/// source, campaign parameters, browser, OS, device, bot flag, visitor id and country. Runs on every
/// tick, so it works from caches and spans. Fields the tick already carries win: a server-side
/// tick that knows its visitor's country keeps it. Thread-safe.
/// </summary>
public sealed class WebEnricher
{
    private static readonly FrozenDictionary<string, int> EnrichedIndex =
        WebFields.Enriched.Select((name, index) => (name, index)).ToFrozenDictionary(p => p.name, p => p.index, StringComparer.OrdinalIgnoreCase);

    private readonly UserAgentParser _userAgents;
    private readonly ReferrerClassifier _referrers;
    private readonly VisitorIdGenerator _visitors;
    private readonly CountryResolver _countries;
    private readonly WebEnrichmentOptions _options;
    private readonly BoundedCache<string, PageInfo> _pages;
    private readonly Func<string, PageInfo> _parsePage;

    public WebEnricher(
        UserAgentParser userAgents,
        ReferrerClassifier referrers,
        VisitorIdGenerator visitors,
        CountryResolver countries,
        WebEnrichmentOptions? options = null)
    {
        _userAgents = userAgents;
        _referrers = referrers;
        _visitors = visitors;
        _countries = countries;
        _options = options ?? new WebEnrichmentOptions();
        _pages = new BoundedCache<string, PageInfo>(_options.PageCacheCapacity, StringComparer.Ordinal);
        var keepQueryString = _options.KeepQueryString;
        _parsePage = url => PageInfo.Parse(url, keepQueryString);
    }

    /// <summary>Appends the enrichment fields to <paramref name="fields"/> (the tick's own fields).</summary>
    public void Enrich(in WebHit hit, List<KeyValuePair<string, FieldValue>> fields) =>
        Enrich(DescribeClient(hit.App, hit.UserAgent, hit.Ip, hit.CountryHeader), hit.PageUrl, hit.Referrer, fields);

    /// <summary>What depends only on the client (user agent, address, country header), worked out once
    /// per request: a batch of ticks shares it.</summary>
    public WebClient DescribeClient(string app, string? userAgent, IPAddress? ip, string? countryHeader) => new(
        _userAgents.Parse(userAgent),
        _visitors.Compute(app, ip, userAgent),
        _countries.Resolve(ip, countryHeader));

    /// <summary>Appends the enrichment fields of one tick from <paramref name="client"/> and the tick's
    /// own page URL and referrer.</summary>
    public void Enrich(WebClient client, string? pageUrl, string? referrerUrl, List<KeyValuePair<string, FieldValue>> fields)
    {
        var present = PresentFields(fields);
        var output = new FieldSink(fields, present);

        var page = pageUrl is null ? null : _pages.GetOrAdd(pageUrl, _parsePage);
        if (page is not null)
        {
            output.Add(WebFields.Page, page.Path);
            if (page.Host.Length > 0)
            {
                output.Add(WebFields.Hostname, page.Host);
            }
        }

        var utm = page?.Utm ?? UtmParameters.None;
        var referrer = _referrers.Classify(referrerUrl, page is null ? default : page.Host.AsSpan(), utm.Source);
        output.Add(WebFields.ReferrerHost, referrer.Host);
        output.Add(WebFields.ReferrerPath, referrer.Path);
        output.Add(WebFields.Source, referrer.Source);
        if (!utm.IsEmpty)
        {
            output.Add(WebFields.UtmSource, utm.Source);
            output.Add(WebFields.UtmMedium, utm.Medium);
            output.Add(WebFields.UtmCampaign, utm.Campaign);
            output.Add(WebFields.UtmTerm, utm.Term);
            output.Add(WebFields.UtmContent, utm.Content);
        }

        var agent = client.Agent;
        output.Add(WebFields.Browser, agent.Browser);
        output.Add(WebFields.BrowserVersion, agent.BrowserVersion);
        output.Add(WebFields.Os, agent.Os);
        output.Add(WebFields.OsVersion, agent.OsVersion);
        output.Add(WebFields.Device, agent.Device.ToFieldValue());
        if (agent.IsBot)
        {
            output.Add(WebFields.Bot, true);
        }

        output.Add(WebFields.Visitor, client.Visitor);
        output.Add(WebFields.Country, client.Country);
    }

    /// <summary>A bit per enrichment field the tick already has.</summary>
    private static uint PresentFields(List<KeyValuePair<string, FieldValue>> fields)
    {
        var present = 0u;
        foreach (var field in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(fields))
        {
            int index = EnrichedIndexOf(field.Key);
            if (index >= 0)
            {
                present |= 1u << index;
            }
        }

        return present;
    }

    /// <summary>Remembered answers of the case-insensitive lookup, by key instance: decoders share one
    /// instance per key, so a tick's dozen keys are a reference comparison each, not a hash.
    /// Direct-mapped and racy on purpose: an entry is immutable, a lost write is only a miss.</summary>
    private static readonly KeyIndex?[] KnownKeys = new KeyIndex?[256];

    private static int EnrichedIndexOf(string key)
    {
        int slot = System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key) & (KnownKeys.Length - 1);
        if (KnownKeys[slot] is { } known && ReferenceEquals(known.Key, key))
        {
            return known.Index;
        }

        int index = EnrichedIndex.TryGetValue(key, out var found) ? found : -1;
        KnownKeys[slot] = new KeyIndex(key, index);
        return index;
    }

    private sealed record KeyIndex(string Key, int Index);

    private readonly struct FieldSink(List<KeyValuePair<string, FieldValue>> fields, uint present)
    {
        // Ticks from the tracker carry none of these fields: skip the lookup then.
        public bool IsPresent(string name) => present != 0 && (present & (1u << EnrichedIndex[name])) != 0;

        public void Add(string name, string? value)
        {
            if (value is not null && !IsPresent(name))
            {
                fields.Add(new(name, FieldValue.From(value)));
            }
        }

        public void Add(string name, long value)
        {
            if (!IsPresent(name))
            {
                fields.Add(new(name, FieldValue.From(value)));
            }
        }

        public void Add(string name, bool value)
        {
            if (!IsPresent(name))
            {
                fields.Add(new(name, FieldValue.From(value)));
            }
        }
    }
}
