using System.Collections.Concurrent;

namespace Metronome.Query.Execution.Functions;

/// <summary>IANA time zone lookup, cached (the system's tz database).</summary>
public static class Zones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Cache = new(StringComparer.OrdinalIgnoreCase);

    public static TimeZoneInfo? Find(string id) => Cache.GetOrAdd(id, static key =>
    {
        if (key.Equals("UTC", StringComparison.OrdinalIgnoreCase) || key.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(key);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    });
}
