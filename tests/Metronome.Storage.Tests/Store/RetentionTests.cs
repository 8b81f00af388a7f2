using Metronome.Core.Time;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Store;

public class RetentionTests
{
    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Whole_partitions_older_than_an_apps_retention_are_dropped_and_the_rest_kept(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));
        var retention = new Dictionary<string, TimeSpan> { ["shop"] = TimeSpan.FromDays(3) };
        await using (var store = TestStores.Open(device.FileSystem, clock: clock))
        {
            for (int day = 0; day < 9; day++)
            {
                await store.AppendAsync(OnDay("shop", day, 10));
                await store.AppendAsync(OnDay("blog", day, 2));
            }

            store.RunMaintenance(force: true);
            Assert.Equal(18, store.GetStatistics().Partitions.Count);

            // Now - 3 days = Jan 7, 12:00: the days that ended by then (Jan 1 .. Jan 6) go.
            Assert.Equal(6, store.ApplyRetention(retention));

            Assert.Equal(["2026-01-07", "2026-01-08", "2026-01-09"], Days(store, "shop"));
            Assert.Equal(9, Days(store, "blog").Count);
            Assert.Equal(30, TestEvents.ReadAll(store, "shop").Count);

            clock.Advance(TimeSpan.FromHours(11));
            Assert.Equal(0, store.ApplyRetention(retention));
            clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(1, store.ApplyRetention(retention));
            Assert.Equal(["2026-01-08", "2026-01-09"], Days(store, "shop"));
        }

        Assert.Equal(9 + 2, device.FileSystem.ListFiles(EventStore.SegmentDirectory, ".seg").Count);
        await using var reopened = TestStores.Open(device.FileSystem, clock: clock);
        Assert.Equal(["2026-01-08", "2026-01-09"], Days(reopened, "shop"));
        Assert.Equal(18, TestEvents.ReadAll(reopened, "blog").Count);
    }

    private static List<string> Days(EventStore store, string app) =>
        store.GetStatistics().Partitions.Where(p => p.App == app).Select(p => p.Day).ToList();

    private static Core.Events.Event[] OnDay(string app, int day, int count) => Enumerable.Range(0, count)
        .Select(i => TestEvents.Numbered((day * 100) + i, app, TestEvents.Day0Us + (day * TestEvents.DayUs) + (i * 1_000_000L)))
        .ToArray();
}
