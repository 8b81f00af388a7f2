using Metronome.Query.Planning;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>timeslice</c>: writes the bucket start (epoch ms) of <c>_messagetime</c> into the output field.</summary>
public sealed class TimesliceOperator(int output, long periodMs) : StreamingOperator
{
    // Neighbouring rows mostly share a bucket. Within the first minute (or period) after a bucket start
    // the answer cannot change (zone changes happen on whole minutes), so that span is cached.
    private long _bucket = long.MaxValue;
    private long _cachedUntil = long.MinValue;

    protected override void Process(RowBatch batch, QueryContext context)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            if (!Rows.Get(row, FieldSlots.MessageTime).TryGetNumber(out var ms))
            {
                continue;
            }

            var t = (long)ms;
            if (t < _bucket || t >= _cachedUntil)
            {
                _bucket = TimeBuckets.Start(t, periodMs, context.TimeZone);
                _cachedUntil = _bucket + Math.Min(periodMs, 60_000);
            }

            batch[i] = Rows.Set(row, output, _bucket);
        }
    }
}
