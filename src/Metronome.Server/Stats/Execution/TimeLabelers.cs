using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Execution;

/// <summary>One <see cref="TimeLabeler"/> per bucket size in a zone, created on first use so its label
/// cache is shared by every row of a query.</summary>
public sealed class TimeLabelers(TimeZoneInfo zone)
{
    private readonly Dictionary<TimeBucket, TimeLabeler> _labelers = [];

    public TimeLabeler For(TimeBucket bucket)
    {
        if (!_labelers.TryGetValue(bucket, out var labeler))
        {
            labeler = new TimeLabeler(zone, bucket);
            _labelers[bucket] = labeler;
        }

        return labeler;
    }
}
