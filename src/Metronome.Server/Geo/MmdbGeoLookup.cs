using System.Net;
using Metronome.Ingest.Web.Mmdb;
using Metronome.Query.Execution;

namespace Metronome.Server.Geo;

/// <summary>
/// <c>lookup ... from geo://location</c> over the MaxMind-format database the server is configured with
/// (<c>--geoip-db</c>): the columns Sumo's geo lookup offers, from a GeoIP2/GeoLite2 country or city record.
/// </summary>
public sealed class MmdbGeoLookup(MmdbReader reader) : IGeoLookup
{
    public bool TryLookup(string ip, out IReadOnlyDictionary<string, object?> location)
    {
        location = new Dictionary<string, object?>();
        if (!IPAddress.TryParse(ip.Trim(), out var address) || reader.Lookup(address) is not Dictionary<string, object> record)
        {
            return false;
        }

        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["country_code"] = Path(record, "country", "iso_code"),
            ["country_name"] = Path(record, "country", "names", "en"),
            ["region"] = First(record, "subdivisions") is Dictionary<string, object> region ? Path(region, "names", "en") : null,
            ["city"] = Path(record, "city", "names", "en"),
            ["postal_code"] = Path(record, "postal", "code"),
            ["latitude"] = Number(Path(record, "location", "latitude")),
            ["longitude"] = Number(Path(record, "location", "longitude")),
        };
        location = result;
        return true;
    }

    private static object? Path(Dictionary<string, object> map, params string[] keys)
    {
        object? current = map;
        foreach (string key in keys)
        {
            current = current is Dictionary<string, object> next && next.TryGetValue(key, out var value) ? value : null;
        }

        return current;
    }

    private static object? First(Dictionary<string, object> map, string key) =>
        map.TryGetValue(key, out var value) && value is List<object> { Count: > 0 } list ? list[0] : null;

    private static object? Number(object? value) => value switch
    {
        double d => d,
        float f => (double)f,
        _ => null,
    };
}
