namespace Metronome.Workload;

/// <summary>What the generator wrote, counted as it went: the source of the query parameters.</summary>
public sealed class WorkloadTally
{
    public long Events { get; set; }
    public long Bytes { get; set; }
    public long[] EventsPerApp { get; } = new long[WorkloadSpec.AppCount];
    public long[] EventsPerAppDay { get; } = new long[WorkloadSpec.AppCount * WorkloadSpec.Days];
    public long[] PathHitsPerApp { get; } = new long[WorkloadSpec.AppCount * WorkloadSpec.PathCount];
    public int[] ItemViewsPerApp { get; } = new int[WorkloadSpec.AppCount * WorkloadSpec.ItemCount];

    public long DayEvents(int app, int day) => EventsPerAppDay[app * WorkloadSpec.Days + day];
    public long PathHits(int app, int path) => PathHitsPerApp[app * WorkloadSpec.PathCount + path];
    public int ItemViews(int app, int itemId) => ItemViewsPerApp[app * WorkloadSpec.ItemCount + itemId];
}
