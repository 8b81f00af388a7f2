using System.Globalization;
using Metronome.Core.Time;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Execution;

/// <summary>
/// Labels of time buckets in a zone: <c>2026-11-01 13:00:00</c> for hours, the day for days, the week's
/// Monday for weeks, the first of the month for months. Every zone's offset is a multiple of 15 minutes,
/// so labels are cached per 15-minute slot instead of converting each event's time.
/// </summary>
public sealed class TimeLabeler(TimeZoneInfo zone, TimeBucket bucket)
{
    private const long SlotUs = 15 * 60 * UnixTime.MicrosecondsPerSecond;
    private readonly Dictionary<long, string> _slots = [];

    public string Label(long timeUs)
    {
        long slot = UnixTime.FloorDiv(timeUs, SlotUs);
        if (!_slots.TryGetValue(slot, out var label))
        {
            label = Format(BucketStart(TimeZoneInfo.ConvertTime(UnixTime.FromMicroseconds(slot * SlotUs), zone).DateTime));
            _slots[slot] = label;
        }

        return label;
    }

    /// <summary>Every label of [fromUs, toUs), in order: Plausible's <c>meta.time_labels</c>.</summary>
    public IReadOnlyList<string> AllLabels(long fromUs, long toUs)
    {
        var labels = new List<string>();
        var local = BucketStart(TimeZoneInfo.ConvertTime(UnixTime.FromMicroseconds(fromUs), zone).DateTime);
        var end = TimeZoneInfo.ConvertTime(UnixTime.FromMicroseconds(toUs), zone).DateTime;
        while (local < end)
        {
            labels.Add(Format(local));
            local = bucket switch
            {
                TimeBucket.Hour => local.AddHours(1),
                TimeBucket.Day => local.AddDays(1),
                TimeBucket.Week => local.AddDays(7),
                _ => local.AddMonths(1),
            };
        }

        return labels;
    }

    /// <summary>The label of the bucket that holds <paramref name="label"/>'s start moved by a comparison's shift.</summary>
    public string Shift(string label, ComparisonMode mode, long periodLengthUs)
    {
        var local = DateTime.Parse(label, CultureInfo.InvariantCulture);
        if (mode == ComparisonMode.YearOverYear)
        {
            local = local.AddYears(-1);
        }
        else if (bucket == TimeBucket.Hour)
        {
            local = local.AddTicks(-periodLengthUs * TimeSpan.TicksPerMicrosecond);
        }
        else
        {
            local = local.AddDays(-Math.Round((double)periodLengthUs / UnixTime.MicrosecondsPerDay));
        }

        return Format(BucketStart(local));
    }

    private DateTime BucketStart(DateTime local) => bucket switch
    {
        TimeBucket.Hour => new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0),
        TimeBucket.Day => local.Date,
        TimeBucket.Week => local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)),
        _ => new DateTime(local.Year, local.Month, 1),
    };

    private string Format(DateTime start) => bucket == TimeBucket.Hour
        ? start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
