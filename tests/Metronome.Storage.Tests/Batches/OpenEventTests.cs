using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Text;

namespace Metronome.Storage.Tests.Batches;

/// <summary>An event begun without its field count (a decoder writing a line's fields as it parses them) must
/// encode exactly as one begun with the count, whatever the count's width, and one taken back must leave no
/// trace: not in the bytes, the entries, the apps and names, nor the first receipt time.</summary>
public sealed class OpenEventTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(300)]
    [InlineData(20_000)]
    public void An_open_event_encodes_as_one_given_its_count(int fieldCount)
    {
        var counted = new EventBatchWriter(64);
        var open = new EventBatchWriter(64);
        for (int e = 0; e < 3; e++)
        {
            counted.BeginEvent("app", "line", e, e + 1, fieldCount);
            open.BeginEvent("app", "line", e, e + 1);
            WriteFields(counted, fieldCount);
            WriteFields(open, fieldCount);
            open.EndEvent(fieldCount);
        }

        var batch = open.ToBatch();
        Assert.Equal(counted.ToBatch().Data, batch.Data);
        var events = batch.ToEvents(new StringPool());
        Assert.Equal(3, events.Count);
        Assert.All(events, ev => Assert.Equal(fieldCount, ev.Fields.Count));
        if (fieldCount > 0)
        {
            Assert.Equal("tail", events[2].Fields[^1].Value.AsString);
        }
    }

    [Fact]
    public void A_discarded_event_leaves_no_trace()
    {
        var plain = new EventBatchWriter();
        var discarding = new EventBatchWriter();
        discarding.BeginEvent("other-app", "other-name", 5, 6);
        WriteFields(discarding, 3);
        discarding.DiscardEvent();
        foreach (var writer in new[] { plain, discarding })
        {
            writer.BeginEvent("app", "line", 1, 2, 2);
            WriteFields(writer, 2);
        }

        discarding.BeginEvent("app", "third-name", 3, 4);
        WriteFields(discarding, 2);
        discarding.DiscardEvent();
        foreach (var writer in new[] { plain, discarding })
        {
            writer.BeginEvent("app", "line", 7, 8, 1);
            WriteFields(writer, 1);
        }

        var expected = plain.ToBatch();
        var actual = discarding.ToBatch();
        Assert.Equal(expected.Data, actual.Data);
        Assert.Equal(expected.Entries.ToArray(), actual.Entries.ToArray());
        Assert.Equal(expected.Apps, actual.Apps);
        Assert.Equal(expected.Names, actual.Names);
        Assert.Equal(expected.FirstReceiptUs, actual.FirstReceiptUs);
    }

    [Fact]
    public void An_open_event_must_be_ended_before_another_begins_or_the_batch_is_taken()
    {
        var writer = new EventBatchWriter();
        writer.BeginEvent("app", "line", 1, 2);
        Assert.Throws<InvalidOperationException>(() => writer.BeginEvent("app", "line", 1, 2, 0));
        Assert.Throws<InvalidOperationException>(() => writer.ToBatch());
        writer.EndEvent(0);
        Assert.Throws<InvalidOperationException>(() => writer.EndEvent(0));
        Assert.Throws<InvalidOperationException>(() => writer.DiscardEvent());
        Assert.Equal(1, writer.ToBatch().Count);
    }

    /// <summary>Fields of each writing method, the last (of two or more) a suffix of the text before it.</summary>
    private static void WriteFields(EventBatchWriter writer, int count)
    {
        for (int i = 0; i < count - 2; i++)
        {
            switch (i % 3)
            {
                case 0:
                    writer.WriteField("k" + i, FieldValue.From((long)i));
                    break;
                case 1:
                    writer.WriteRepeatedStringField("r" + (i % 7), "value");
                    break;
                default:
                    writer.WriteUtf8Field("u" + i, "some text"u8);
                    break;
            }
        }

        if (count >= 2)
        {
            writer.WriteUtf8Field("last", "text with a tail"u8);
            writer.WriteUtf8SuffixField("suffix", 12);
        }
        else if (count == 1)
        {
            writer.WriteRepeatedStringField("only", "tail");
        }
    }
}
