namespace Metronome.Workload.Catalog;

/// <summary>Plain English words for paths and hosts, so that a word search over paths means something.</summary>
internal static class Words
{
    public static readonly string[] TopLevelPages =
    [
        "/", "/pricing", "/docs", "/blog", "/datasets", "/maps", "/about", "/login", "/signup", "/search",
        "/contact", "/careers", "/changelog", "/status", "/api", "/privacy", "/terms", "/download",
    ];

    public static readonly string[] DocsTopics =
    [
        "getting-started", "installation", "configuration", "authentication", "quickstart", "upgrading",
        "troubleshooting", "deployment", "backup", "restore", "retention", "dashboards", "alerts", "queries",
        "webhooks", "tracking", "events", "sessions", "funnels", "goals", "exports", "imports", "billing",
        "permissions", "teams", "tokens", "limits", "sampling", "privacy", "cookies", "proxies", "plugins",
    ];

    public static readonly string[] Subjects =
    [
        "weather", "climate", "rainfall", "river", "forest", "coast", "harbour", "railway", "bicycle",
        "traffic", "parking", "housing", "school", "hospital", "library", "museum", "garden", "energy",
        "solar", "wind", "water", "air", "noise", "population", "census", "election", "budget", "tax",
        "income", "transport", "bus", "tram", "airport", "tourism", "hotel", "restaurant", "market",
        "farm", "crop", "fishing", "mountain", "lake", "island", "bridge", "road", "street", "building",
        "park", "zoo", "festival", "sport", "stadium", "crime", "fire", "flood", "earthquake", "storm",
        "snow", "heat", "ozone", "pollen", "soil", "geology", "elevation", "boundary", "district", "parcel",
    ];

    public static readonly string[] Places =
    [
        "london", "paris", "berlin", "madrid", "rome", "vienna", "prague", "warsaw", "lisbon", "dublin",
        "oslo", "stockholm", "helsinki", "copenhagen", "amsterdam", "brussels", "zurich", "munich",
        "hamburg", "lyon", "milan", "naples", "seville", "porto", "krakow", "budapest", "athens", "sofia",
        "toronto", "chicago", "boston", "seattle", "denver", "austin", "tokyo", "osaka", "sydney", "melbourne",
    ];

    public static readonly string[] Adjectives =
    [
        "annual", "monthly", "daily", "hourly", "historic", "live", "open", "public", "regional", "national",
        "urban", "rural", "average", "total", "weekly", "seasonal", "detailed", "simple", "complete", "new",
    ];

    public static readonly string[] BlogVerbs =
    [
        "how", "why", "when", "mapping", "measuring", "tracking", "building", "cleaning", "visualising",
        "comparing", "publishing", "exploring", "counting", "predicting", "sharing", "joining",
    ];

    public static readonly string[] ApiResources =
    [
        "items", "events", "datasets", "layers", "tiles", "users", "sessions", "exports", "queries", "search",
    ];

    /// <summary>The well-known referrers, most common first; generated hosts follow them.</summary>
    public static readonly (string Host, string Path)[] KnownReferrers =
    [
        ("google.com", "/search"), ("bing.com", "/search"), ("duckduckgo.com", "/"), ("reddit.com", "/r/dataisbeautiful"),
        ("twitter.com", "/home"), ("github.com", "/explore"), ("facebook.com", "/groups"), ("linkedin.com", "/feed"),
        ("wikipedia.org", "/wiki/open_data"), ("ycombinator.com", "/news"), ("yahoo.com", "/search"),
        ("medium.com", "/tag/data"), ("stackoverflow.com", "/questions"), ("youtube.com", "/watch"),
        ("ecosia.org", "/search"), ("baidu.com", "/s"), ("yandex.ru", "/search"), ("qwant.com", "/"),
        ("mastodon.social", "/explore"), ("substack.com", "/inbox"), ("producthunt.com", "/posts"),
        ("kaggle.com", "/datasets"), ("data.gov", "/dataset"), ("openstreetmap.org", "/about"),
    ];

    public static readonly string[] HostSuffixes = ["hub", "lab", "base", "works", "news", "daily", "wiki", "map", "data", "blog"];
    public static readonly string[] TopLevelDomains = ["com", "org", "net", "io", "de", "fr", "co.uk", "nl", "eu", "info"];
}
