using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Text;
using Metronome.Storage.Io;
using Metronome.Storage.Tests.Segments;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Aggregation;

/// <summary>The same drain lines in two stores: messages written as the end of _raw in one, as text in the
/// other; both with lines without a message and empty messages, and in the tail a few messages not within
/// _raw (in a segment, one such line makes its block keep its messages' text). Each store seals four parts,
/// compacts them into one segment and keeps the last lines in its tail. Shared by read-only tests.</summary>
public sealed class MessageStores : IAsyncLifetime
{
    public const string App = "shop";
    private const int Part = 20_000;

    public EventStore WithinRaw { get; private set; } = null!;

    public EventStore AsText { get; private set; } = null!;

    public List<Event> Events { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string[] hosts = ["host", "hôst-ü", "日本-host"];
        MessageForm Form(int i, MessageForm withinRaw) =>
            i % 23 == 4 ? MessageForm.None : i % 37 == 5 ? MessageForm.Empty : i % 500 == 9 && i > 4 * Part ? MessageForm.Other : withinRaw;
        var marked = DrainLines.Batches(new Random(11), (4 * Part) + 2_000, i => Form(i, MessageForm.Suffix), App, hosts: hosts);
        var unmarked = DrainLines.Batches(new Random(11), (4 * Part) + 2_000, i => Form(i, MessageForm.SuffixAsText), App, hosts: hosts);
        WithinRaw = await Load(marked);
        AsText = await Load(unmarked);
        Events = marked.SelectMany(b => b.ToEvents(new StringPool())).ToList();

        Assert.Equal(SegmentFiles.Signatures(Events), SegmentFiles.Signatures(unmarked.SelectMany(b => b.ToEvents(new StringPool()))));
        Assert.True(WithinRaw.GetStatistics().TotalBytes < AsText.GetStatistics().TotalBytes * 0.75);
    }

    public async Task DisposeAsync()
    {
        await WithinRaw.DisposeAsync();
        await AsText.DisposeAsync();
    }

    /// <summary>Four seals of <see cref="Part"/> lines, compacted into one segment, and the rest in the tail.</summary>
    private static async Task<EventStore> Load(List<EventBatch> batches)
    {
        var store = TestStores.Open(new MemoryFileSystem());
        int appended = 0;
        foreach (var batch in batches)
        {
            await store.AppendAsync(batch);
            appended += batch.Count;
            if (appended % Part == 0 && appended <= 4 * Part)
            {
                store.RunMaintenance(force: true);
            }
        }

        var partition = Assert.Single(store.GetStatistics().Partitions);
        Assert.Equal((4 * Part, 1), (partition.Events, partition.Segments));
        return store;
    }
}
