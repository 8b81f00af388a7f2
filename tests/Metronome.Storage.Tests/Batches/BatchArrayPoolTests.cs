using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Text;

namespace Metronome.Storage.Tests.Batches;

public sealed class BatchArrayPoolTests
{
    [Fact]
    public void A_pooled_batch_holds_the_same_bytes_and_events_as_one_of_its_own()
    {
        var writer = new EventBatchWriter();
        foreach (var e in Events(400, seed: 1))
        {
            writer.Add(e);
        }

        var own = writer.ToBatch();
        var pooled = writer.ToPooledBatch();

        Assert.False(own.IsPooled);
        Assert.True(pooled.IsPooled);
        Assert.True(pooled.Data.Length >= pooled.Length && pooled.Data.Length % BatchArrayPool.ClassBytes == 0);
        Assert.Equal(own.Data, pooled.Encoded.ToArray());
        Assert.Equal(own.Entries.ToArray(), pooled.Entries.ToArray());
        Assert.Equal(own.ToEvents(new StringPool()).Select(Key), pooled.ToEvents(new StringPool()).Select(Key)); // the slack is not read
    }

    [Fact]
    public void A_small_batch_gets_an_array_of_its_own()
    {
        var writer = new EventBatchWriter();
        writer.Add(Events(1, seed: 2)[0]);
        var batch = writer.ToPooledBatch();

        Assert.False(batch.IsPooled);
        Assert.Equal(batch.Length, batch.Data.Length);
    }

    [Fact]
    public void A_returned_array_is_rented_again_and_a_foreign_one_is_refused()
    {
        // A size class no other test uses: the pool is shared by the process.
        int length = (5 << 20) + 1234;
        var first = BatchArrayPool.Rent(length);
        Assert.True(first.Length >= length);
        BatchArrayPool.Return(first);
        Assert.Same(first, BatchArrayPool.Rent(length));

        Assert.Throws<ArgumentException>(() => BatchArrayPool.Return(new byte[(5 << 20) + 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchArrayPool.Rent(100));
    }

    /// <summary>What tells these events apart (Event compares its field list by reference).</summary>
    internal static (string, long, string, long) Key(Event e) => (e.Name, e.TimeUs, e.Get("_raw").AsString, e.Get("n").AsLong);

    internal static List<Event> Events(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new Event("a", "line", 1_700_000_000_000_000 + (i * 1000L), 0,
        [
            new("_raw", FieldValue.From($"line {i} of seed {seed}: " + new string((char)('a' + random.Next(26)), 200 + random.Next(100)))),
            new("n", FieldValue.From((long)i)),
        ]))];
    }
}
