using Metronome.Core.Time;

namespace Metronome.Query.Execution;

/// <summary>Timeslice alignment. A bucket starts at a multiple of the period counted in the query's
/// local clock from the local epoch (1970-01-01 00:00 local): so 5m buckets start at :00, :05, ...,
/// 1h buckets on local hours (on :30 in a +05:30 zone) and 1d buckets at local midnight, even across
/// DST changes (such a day is 23 or 25 hours long). The start is converted back to UTC; a local start
/// that falls in a DST gap moves to the first instant after the gap, an ambiguous one takes the earlier
/// instant.</summary>
public static class TimeBuckets
{
    /// <summary>Periods <c>N buckets</c> chooses from: the smallest that gives at most N buckets.</summary>
    private static readonly long[] NicePeriods =
    [
        1_000, 5_000, 10_000, 15_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000,
        3_600_000, 7_200_000, 10_800_000, 14_400_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000,
    ];

    public static long PeriodForBuckets(long fromMs, long toMs, int buckets)
    {
        var range = Math.Max(1, toMs - fromMs);
        foreach (var period in NicePeriods)
        {
            if ((range + period - 1) / period <= buckets)
            {
                return period;
            }
        }

        var days = (range / 86_400_000 + buckets - 1) / buckets;
        return Math.Max(1, days) * 86_400_000;
    }

    public static long Start(long timeMs, long periodMs, TimeZoneInfo zone)
    {
        if (zone == TimeZoneInfo.Utc)
        {
            return UnixTime.FloorDiv(timeMs, periodMs) * periodMs;
        }

        var offset = (long)zone.GetUtcOffset(DateTimeOffset.FromUnixTimeMilliseconds(timeMs)).TotalMilliseconds;
        var localStart = UnixTime.FloorDiv(timeMs + offset, periodMs) * periodMs;
        return LocalToUtc(localStart, zone, timeMs);
    }

    private static long LocalToUtc(long localMs, TimeZoneInfo zone, long notAfterUtcMs)
    {
        var local = DateTime.SpecifyKind(DateTime.UnixEpoch.AddMilliseconds(localMs), DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // In a spring-forward gap: the bucket's first real instant is the end of the gap.
            var probe = local;
            while (zone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(15);
            }

            local = probe.AddMinutes(-(probe.Minute % 15));
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var earliest = offsets.Max();
            return localMs - (long)earliest.TotalMilliseconds;
        }

        var utc = (long)(TimeZoneInfo.ConvertTimeToUtc(local, zone) - DateTime.UnixEpoch).TotalMilliseconds;
        return Math.Min(utc, notAfterUtcMs);
    }

}
