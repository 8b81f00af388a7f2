using Metronome.Core.Time;

namespace Metronome.Server.Stats.Pushdown;

/// <summary>
/// The store cuts time buckets by arithmetic on the zone's offset; the stats API labels each event by
/// its local time. The two agree for certain when the offset does not change within the period, which
/// this checks hour by hour (offsets change on the hour or half hour, never twice within one).
/// </summary>
public static class FixedOffset
{
    private const long MaxHours = 24 * 366 * 5;

    public static bool Holds(TimeZoneInfo zone, long fromUs, long toUs)
    {
        if (zone == TimeZoneInfo.Utc || (!zone.SupportsDaylightSavingTime && zone.GetAdjustmentRules().Length == 0))
        {
            return true;
        }

        const long hourUs = 3600 * UnixTime.MicrosecondsPerSecond;
        if ((toUs - fromUs) / hourUs > MaxHours)
        {
            return false;
        }

        var offset = zone.GetUtcOffset(UnixTime.FromMicroseconds(fromUs));
        for (long t = fromUs; t < toUs; t += hourUs / 2)
        {
            if (zone.GetUtcOffset(UnixTime.FromMicroseconds(t)) != offset)
            {
                return false;
            }
        }

        return zone.GetUtcOffset(UnixTime.FromMicroseconds(toUs - 1)) == offset;
    }
}
