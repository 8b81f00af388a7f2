using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Text;

namespace Metronome.Storage.Tests.Batches;

/// <summary>The batch writer caches the encoding of keys, apps and names by string instance; what it
/// writes must not depend on the cache: same text, same bytes, whatever the instances and collisions.</summary>
public sealed class EncodedKeyTests
{
    [Fact]
    public void Keys_read_back_the_same_whether_their_encoding_came_from_the_cache_or_not()
    {
        // 300 distinct keys (more than the cache's slots), some long, some not ASCII, each written as
        // a fresh instance and as a reused one, in several events.
        string[] keys = [.. Enumerable.Range(0, 300).Select(i => (i % 7) switch
        {
            0 => "k\u00e9y-" + i,
            1 => new string('x', 38 + (i % 5)) + i,
            2 => "\u2603" + i,
            _ => "key" + i,
        })];
        var reused = new EventBatchWriter();
        var fresh = new EventBatchWriter();
        for (int e = 0; e < 5; e++)
        {
            var fields = keys.Select((k, i) => KeyValuePair.Create(k, FieldValue.From((long)(i * e)))).ToList();
            reused.Add("app\u00fc", "name", e, e, fields);
            fresh.Add(new string("app\u00fc".AsSpan()), new string("name".AsSpan()), e, e,
                [.. fields.Select(f => KeyValuePair.Create(new string(f.Key.AsSpan()), f.Value))]);
        }

        var batch = reused.ToBatch();
        Assert.Equal(fresh.ToBatch().Data, batch.Data);
        var events = batch.ToEvents(new StringPool());
        Assert.Equal(5, events.Count);
        Assert.All(events, ev =>
        {
            Assert.Equal("app\u00fc", ev.App);
            Assert.Equal(keys, ev.Fields.Select(f => f.Key));
        });
        Assert.Equal(299L * 4, events[4].Get(keys[299]).AsLong);
    }

    [Fact]
    public void A_repeated_string_value_is_written_as_any_string_value_and_can_be_referred_to()
    {
        // Short, long (not cached), non-ASCII and empty values, each reused across events.
        string[] values = ["", new string('v', 60), "web.1", "h\u00f6st \u2603 d.98ee476d"];
        var repeated = new EventBatchWriter();
        var plain = new EventBatchWriter();
        for (int e = 0; e < 4; e++)
        {
            repeated.BeginEvent("app", "line", e, e, values.Length + 1);
            plain.BeginEvent("app", "line", e, e, values.Length + 1);
            foreach (string value in values)
            {
                repeated.WriteRepeatedStringField("k" + value.Length, value);
                plain.WriteField("k" + value.Length, value);
            }

            // A suffix refers to the last value's bytes: 20 of them (17 chars), all skipped in the last event.
            int skip = e == 3 ? 20 : 6;
            repeated.WriteUtf8SuffixField("tail", skip);
            plain.WriteUtf8SuffixField("tail", skip);
        }

        var batch = repeated.ToBatch();
        Assert.Equal(plain.ToBatch().Data, batch.Data);
        var events = batch.ToEvents(new StringPool());
        Assert.Equal(values.Append("\u2603 d.98ee476d"), events[0].Fields.Select(f => f.Value.AsString));
        Assert.Equal(values.Append(""), events[3].Fields.Select(f => f.Value.AsString));
    }

    [Fact]
    public void Keys_read_back_the_same_when_events_name_them_in_changing_orders()
    {
        // The writer first tries the key the previous event had at the same position: shuffled orders,
        // keys that come and go, and equal text in a fresh instance must all read back as written.
        var random = new Random(3);
        string[] keys = ["at", "method", "path", "h\u00f6st", "request_id", "fwd", "dyno", "connect", "service", "status"];
        var cached = new EventBatchWriter();
        var fresh = new EventBatchWriter();
        var expected = new List<string[]>();
        for (int e = 0; e < 200; e++)
        {
            var order = keys.Where(_ => random.Next(5) != 0).OrderBy(_ => random.Next(3)).ToArray();
            expected.Add(order);
            cached.BeginEvent("app", e % 2 == 0 ? "router" : "web", e, e, order.Length);
            fresh.BeginEvent("app", e % 2 == 0 ? "router" : "web", e, e, order.Length);
            foreach (string key in order)
            {
                cached.WriteField(random.Next(4) == 0 ? new string(key.AsSpan()) : key, FieldValue.From(key));
                fresh.WriteField(new string(key.AsSpan()), FieldValue.From(key));
            }
        }

        var batch = cached.ToBatch();
        Assert.Equal(fresh.ToBatch().Data, batch.Data);
        var events = batch.ToEvents(new StringPool());
        Assert.Equal(expected, events.Select(ev => ev.Fields.Select(f => f.Key).ToArray()));
        Assert.All(events, ev => Assert.All(ev.Fields, f => Assert.Equal(f.Key, f.Value.AsString)));
    }

    [Fact]
    public void A_key_encoded_beforehand_is_written_as_the_same_key_given_as_a_string()
    {
        // Short, exactly 15 and 16 bytes, past the 16-byte block, not ASCII, and over 127 bytes (a longer length).
        string[] keys = ["at", "_sourcecategory", "code_description", "a_key_of_twenty_bytes", "h\u00f6st\u2603", new string('k', 130)];
        var encoded = new EventBatchWriter();
        var plain = new EventBatchWriter();
        for (int e = 0; e < 3; e++)
        {
            encoded.BeginEvent("app", "line", e, e, 3 * keys.Length);
            plain.BeginEvent("app", "line", e, e, 3 * keys.Length);
            foreach (string key in keys)
            {
                var batchKey = new BatchKey(key);
                encoded.WriteUtf8Field(batchKey, "text"u8);
                plain.WriteUtf8Field(key, "text"u8);
                encoded.WriteUtf8SuffixField(batchKey, 1);
                plain.WriteUtf8SuffixField(key, 1);
                encoded.WriteField(batchKey, FieldValue.From(e));
                plain.WriteField(key, FieldValue.From(e));
            }
        }

        var batch = encoded.ToBatch();
        Assert.Equal(plain.ToBatch().Data, batch.Data);
        Assert.Equal(keys.SelectMany(k => Enumerable.Repeat(k, 3)), batch.ToEvents(new StringPool())[2].Fields.Select(f => f.Key));
    }

    [Fact]
    public void A_field_run_is_written_as_its_fields_one_by_one()
    {
        // Text (short, long, not ASCII), a number, a bool, and text last, which a suffix field may then refer to.
        KeyValuePair<string, FieldValue>[] fields =
        [
            KeyValuePair.Create("_drain", FieldValue.From("d.98ee476d")),
            KeyValuePair.Create("long", FieldValue.From(new string('v', 200))),
            KeyValuePair.Create("n", FieldValue.From(-7L)),
            KeyValuePair.Create("ok", FieldValue.From(true)),
            KeyValuePair.Create("h\u00f6st", FieldValue.From("\u2603 tail")),
        ];
        var run = new BatchFieldRun(fields);
        var empty = new BatchFieldRun([]);
        var copied = new EventBatchWriter();
        var plain = new EventBatchWriter();
        for (int e = 0; e < 3; e++)
        {
            copied.BeginEvent("app", "line", e, e, fields.Length + 1);
            copied.WriteFields(empty);
            copied.WriteFields(run);
            copied.WriteUtf8SuffixField("suffix", 4);
            plain.BeginEvent("app", "line", e, e, fields.Length + 1);
            foreach (var (key, value) in fields)
            {
                plain.WriteField(key, value);
            }

            plain.WriteUtf8SuffixField("suffix", 4);
        }

        var batch = copied.ToBatch();
        Assert.Equal((fields.Length, 0), (run.Count, empty.Count));
        Assert.Equal(plain.ToBatch().Data, batch.Data);
        Assert.Equal("tail", batch.ToEvents(new StringPool())[2].Get("suffix").AsString);
    }
}
