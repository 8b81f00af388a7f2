using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Support;

/// <summary>Stores for tests: no background maintenance (tests call RunMaintenance), no seal on close
/// (so reopening exercises log replay), compaction as soon as a tier is full (no quiet period for
/// partitions just sealed into) and no free-space reserve unless a test asks for one.</summary>
internal static class TestStores
{
    public static StoreOptions Options(long reserveBytes = 0) => new()
    {
        MaintenanceInterval = TimeSpan.Zero,
        CompactionQuietPeriod = TimeSpan.Zero,
        SealOnClose = false,
        Wal = WalHarness.Options(reserve: reserveBytes),
    };

    public static EventStore Open(IFileSystem fs, StoreOptions? options = null, TimeProvider? clock = null) =>
        EventStore.Open(fs, options ?? Options(), clock);
}
