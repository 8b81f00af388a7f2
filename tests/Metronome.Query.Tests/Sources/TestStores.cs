using Metronome.Core.Events;
using Metronome.Storage;
using Metronome.Storage.Io;

namespace Metronome.Query.Tests.Sources;

/// <summary>Embedded stores in memory for source tests: events either sealed into columnar segments
/// (the columnar paths) or left in the tail (the row paths), or split between both.</summary>
internal static class TestStores
{
    public enum Layout
    {
        Segments,
        Tail,
        Both,
    }

    public static async Task<EventStore> WithAsync(IReadOnlyList<Event> events, Layout layout = Layout.Segments)
    {
        var store = EventStore.Open(new MemoryFileSystem(), new StoreOptions { SealOnClose = false, MaintenanceInterval = TimeSpan.Zero });
        var sealedCount = layout switch
        {
            Layout.Segments => events.Count,
            Layout.Tail => 0,
            _ => events.Count / 2,
        };
        if (sealedCount > 0)
        {
            await store.AppendAsync(events.Take(sealedCount).ToList());
            store.RunMaintenance(force: true);
        }

        if (sealedCount < events.Count)
        {
            await store.AppendAsync(events.Skip(sealedCount).ToList());
        }

        return store;
    }
}
