namespace Metronome.Query.Execution;

/// <summary>Geo data for <c>lookup ... from geo://location</c>, read by the web analytics side from its
/// .mmdb file. Keys of the answer are lower-case column names: latitude, longitude, country_code,
/// country_name, region, city, postal_code, continent, ...</summary>
public interface IGeoLookup
{
    bool TryLookup(string ip, out IReadOnlyDictionary<string, object?> location);
}
