using Metronome.Core.Events;
using Metronome.Core.Time;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// A time bucket key within one segment. When the zone keeps one UTC offset over the segment's time
/// range (always in UTC), a row's bucket is arithmetic: (time + offset − first local start) / width, and
/// ids are bucket numbers from the first bucket of the range. Otherwise (a daylight-saving change nearby)
/// each row goes through <see cref="TimeBucketer"/> and buckets get ids on first sight.
/// </summary>
internal sealed class TimeBucketKeyPart : KeyPart
{
    /// <summary>A zone changes offset at most once within this span (tz rules are months apart), so
    /// equal offsets at these steps across a range mean one offset throughout.</summary>
    private const long SampleStepUs = 6 * 3_600_000_000L;

    private readonly Segment _segment;
    private readonly TimeBucketer _bucketer;
    private readonly long _width;
    private readonly long _lo;
    private readonly long _hi;
    private readonly bool _fixed;
    private readonly long _offset;
    private readonly long _firstLocalStart;
    private readonly long _buckets;
    private readonly Dictionary<long, int>? _ids;
    private readonly List<long>? _starts;

    public TimeBucketKeyPart(Segment segment, TimeBucketKey key, long fromUs, long toUs)
    {
        _segment = segment;
        _bucketer = new TimeBucketer(key.WidthUs, key.Zone);
        _width = key.WidthUs;
        _lo = Math.Max(segment.Info.MinTimeUs, fromUs);
        _hi = toUs == long.MinValue ? _lo : Math.Min(segment.Info.MaxTimeUs, toUs - 1);
        _fixed = _lo <= _hi && TryFixedOffset(key.Zone, _bucketer.BucketStartUs(_lo) - _width, _hi + _width, out _offset);
        if (_fixed)
        {
            _firstLocalStart = UnixTime.FloorDiv(_lo + _offset, _width) * _width;
            _buckets = ((UnixTime.FloorDiv(_hi + _offset, _width) * _width) - _firstLocalStart) / _width + 1;
        }
        else
        {
            _ids = [];
            _starts = [];
        }
    }

    public override long Stride => _fixed ? _buckets : _segment.Info.Rows + 1L;

    public override bool TryBlockConstant(BlockColumns columns, out int id)
    {
        long first = Math.Max(columns.Block.MinTimeUs, _lo);
        long last = Math.Min(columns.Block.MaxTimeUs, _hi);
        id = 0;
        if (first > last)
        {
            return false;
        }

        id = IdOf(first);
        return IdOf(last) == id;
    }

    public override void Ids(BlockSelection selection, BlockColumns columns, Span<int> ids)
    {
        var times = columns[Segment.TimeColumn];
        var rows = selection.Span;
        if (!times.AllPresent)
        {
            throw new CorruptDataException($"segment {_segment.Info.File}: a block lacks times for some rows");
        }

        var values = times.Longs;
        if (_fixed)
        {
            // Rows come in time order within each name, so a row usually falls in the previous row's
            // bucket: a range check then replaces the 64-bit division.
            long shift = _offset - _firstLocalStart;
            long from = 0, to = 0;
            int id = 0;
            for (int s = 0; s < rows.Length; s++)
            {
                long local = values[rows[s]] + shift;
                if (local < from || local >= to)
                {
                    long bucket = local / _width;
                    id = local >= 0 && bucket < _buckets ? (int)bucket : throw OutOfRange(values[rows[s]]);
                    from = bucket * _width;
                    to = from + _width;
                }

                ids[s] = id;
            }

            return;
        }

        for (int s = 0; s < rows.Length; s++)
        {
            ids[s] = IdOf(values[rows[s]]);
        }
    }

    public override FieldValue Value(int id) => StartMs(id);

    public override ulong Hash(int id) => GroupKeyHash.OfLong(StartMs(id));

    private long StartMs(int id) =>
        (_fixed ? _firstLocalStart + (id * _width) - _offset : _starts![id]) / UnixTime.MicrosecondsPerMillisecond;

    private int IdOf(long timeUs)
    {
        if (_fixed)
        {
            long bucket = (timeUs + _offset - _firstLocalStart) / _width;
            return (ulong)bucket < (ulong)_buckets ? (int)bucket : throw OutOfRange(timeUs);
        }

        long start = _bucketer.BucketStartUs(timeUs);
        if (!_ids!.TryGetValue(start, out int id))
        {
            _ids[start] = id = _starts!.Count;
            _starts.Add(start);
        }

        return id;
    }

    private CorruptDataException OutOfRange(long timeUs) =>
        new($"segment {_segment.Info.File}: time {timeUs} lies outside the segment's range [{_segment.Info.MinTimeUs}, {_segment.Info.MaxTimeUs}]");

    private static bool TryFixedOffset(TimeZoneInfo zone, long fromUs, long toUs, out long offset)
    {
        offset = 0;
        if (zone == TimeZoneInfo.Utc)
        {
            return true;
        }

        if (toUs - fromUs > 400 * UnixTime.MicrosecondsPerDay)
        {
            return false;
        }

        offset = OffsetAt(zone, fromUs);
        for (long t = fromUs; ; t += SampleStepUs)
        {
            long at = Math.Min(t, toUs);
            if (OffsetAt(zone, at) != offset)
            {
                return false;
            }

            if (at == toUs)
            {
                return true;
            }
        }
    }

    private static long OffsetAt(TimeZoneInfo zone, long timeUs) => (long)zone.GetUtcOffset(UnixTime.FromMicroseconds(timeUs)).TotalMicroseconds;
}
