using Metronome.Core.Events.Batches;
using Metronome.Storage.Wal;

namespace Metronome.Storage;

public sealed record StoreOptions
{
    public WalOptions Wal { get; init; } = new();

    /// <summary>Codecs that turn logged wire forms back into batches on replay. An append's wire form is
    /// logged in place of its batch only when its codec is here, so the log can always be replayed.</summary>
    public IReadOnlyList<IWireCodec> WireCodecs { get; init; } = [];

    /// <summary>The tail is sealed into segments once it holds this many events (and at most about this
    /// many are sealed per pass, bounding the memory a seal needs)...</summary>
    public int SealEventCount { get; init; } = 200_000;

    /// <summary>...or once its oldest event has waited this long.</summary>
    public TimeSpan SealAge { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A partition is sealed as several segments, one per core (<see cref="QueryThreads"/>), when
    /// each gets at least this many rows: one app's busy drain otherwise seals on one core while the
    /// others wait. Fewer, larger segments are cheaper to query and merge, hence the minimum.</summary>
    public int SealSplitRows { get; init; } = 50_000;

    /// <summary>Back-pressure: appends wait while this many events wait to be sealed...</summary>
    public long MaxTailEvents { get; init; } = 500_000;

    /// <summary>...for at most this long, then they are refused as busy (zero: refused at once).</summary>
    public TimeSpan BackpressureWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A partition with this many segments is merged into one.</summary>
    public int CompactionFanIn { get; init; } = 4;

    /// <summary>A partition sealed into within this time is hot: it is still being written, so its
    /// segments are merged only once a tier has <see cref="HotCompactionFanIn"/> of them (each event of a
    /// busy partition is then rewritten far fewer times while the load lasts); once it cools, the usual
    /// fan-in applies.</summary>
    public TimeSpan CompactionQuietPeriod { get; init; } = TimeSpan.FromSeconds(30);

    public int HotCompactionFanIn { get; init; } = 12;

    /// <summary>A merge never makes a segment of more than this many rows or source bytes: a merge holds
    /// its output's columns in memory (a drain segment of 14M rows would take ~5 GB, the next tier's
    /// ~60 GB), and past a few million rows a bigger segment saves queries little. Segments over half
    /// the limit are final; each event is then rewritten at most a couple of times.</summary>
    public long MaxMergedRows { get; init; } = 8_000_000;

    /// <inheritdoc cref="MaxMergedRows"/>
    public long MaxMergedBytes { get; init; } = 768L << 20;

    /// <summary>How often the background maintenance (seal, compact) runs; zero disables it (tests call
    /// <see cref="EventStore.RunMaintenance"/> themselves).</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Seal the whole tail when the store closes, so the next start replays little.</summary>
    public bool SealOnClose { get; init; } = true;

    /// <summary>How many threads one aggregate query may use over the segments (1: the calling thread
    /// only). The segments are cut into two partitions per thread, of at least
    /// <see cref="MinRowsPerQueryPartition"/> rows each.</summary>
    public int QueryThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Below this many segment rows per partition, threads cost more than they save (tests lower it).</summary>
    internal long MinRowsPerQueryPartition { get; init; } = 100_000;
}
