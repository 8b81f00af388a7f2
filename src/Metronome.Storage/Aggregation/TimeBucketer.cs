using Metronome.Core.Time;

namespace Metronome.Storage.Aggregation;

/// <summary>
/// Maps a time to the start of its bucket, aligned in a time zone: a 1-day bucket starts at local
/// midnight. The zone's UTC offset is cached per UTC hour that has a single offset, which keeps the
/// per-row cost to a division.
/// </summary>
public sealed class TimeBucketer(long widthUs, TimeZoneInfo zone)
{
    private const long HourUs = 3_600_000_000;
    private long _cachedHour = long.MinValue;
    private long _cachedOffsetUs;
    private bool _cachedHourIsUniform;

    public long WidthUs { get; } = widthUs > 0 ? widthUs : throw new ArgumentOutOfRangeException(nameof(widthUs));

    /// <summary>The bucket start, in µs since the epoch (UTC).</summary>
    public long BucketStartUs(long timeUs)
    {
        long offset = OffsetUs(timeUs);
        long local = timeUs + offset;
        long start = local - Mod(local, WidthUs);
        return start - OffsetUs(start - offset);
    }

    private long OffsetUs(long timeUs)
    {
        if (zone == TimeZoneInfo.Utc)
        {
            return 0;
        }

        long hour = timeUs >= 0 ? timeUs / HourUs : ((timeUs + 1) / HourUs) - 1;
        if (hour != _cachedHour)
        {
            _cachedOffsetUs = OffsetAt(hour * HourUs);
            _cachedHourIsUniform = _cachedOffsetUs == OffsetAt((hour * HourUs) + HourUs - 1);
            _cachedHour = hour;
        }

        // Some zones change offset inside a UTC hour (America/St_Johns at 04:30 or 05:30 UTC): such an
        // hour is looked up per call.
        return _cachedHourIsUniform ? _cachedOffsetUs : OffsetAt(timeUs);
    }

    private long OffsetAt(long timeUs) => (long)zone.GetUtcOffset(UnixTime.FromMicroseconds(timeUs)).TotalMicroseconds;

    private static long Mod(long value, long modulus)
    {
        long r = value % modulus;
        return r < 0 ? r + modulus : r;
    }
}
