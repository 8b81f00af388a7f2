namespace Metronome.Ingest.Tests.Web;

/// <summary>Small databases shaped like GeoLite2-Country, written by <see cref="MmdbWriter"/>.</summary>
internal static class MmdbTestDatabases
{
    public static Dictionary<string, object> Country(string isoCode, string name, uint geonameId) => new()
    {
        ["continent"] = new Dictionary<string, object> { ["code"] = "EU" },
        ["country"] = new Dictionary<string, object>
        {
            ["geoname_id"] = geonameId,
            ["iso_code"] = isoCode,
            ["names"] = new Dictionary<string, object> { ["en"] = name },
        },
    };

    public static byte[] Countries(int ipVersion = 6, int recordSize = 28)
    {
        var writer = new MmdbWriter(ipVersion, recordSize)
            .Add("81.2.69.0/24", Country("DE", "Germany", 2921044))
            .Add("89.160.20.128/25", Country("SE", "Sweden", 2661886))
            .Add("1.0.0.0/8", Country("AU", "Australia", 2077456))
            .Add("203.0.113.0/30", new Dictionary<string, object> { ["registered_country"] = "no country member" });
        if (ipVersion == 6)
        {
            writer.Add("2001:db8::/32", Country("JP", "Japan", 1861060))
                .Add("2a02:cf40::/29", Country("NO", "Norway", 3144096));
        }

        return writer.Build();
    }
}
