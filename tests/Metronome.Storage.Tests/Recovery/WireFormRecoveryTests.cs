using Metronome.Core.Events.Batches;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Recovery;

/// <summary>Appends that hand the store the wire bytes their batch came from: the log keeps those when
/// their codec is registered and replay decodes them again; otherwise the batch is logged.</summary>
public class WireFormRecoveryTests
{
    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task A_logged_wire_form_is_decoded_by_its_codec_on_replay(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var options = TestStores.Options() with { WireCodecs = [new RangeCodec()] };
        await using (var store = TestStores.Open(device.FileSystem, options))
        {
            await store.AppendAsync(Batch(0, 40, "shop"), RangeCodec.Wire(0, 40, "shop"));
            await store.AppendAsync(TestEvents.Range(40, 5, "blog"));
            await store.AppendAsync(Batch(45, 15, "blog"), RangeCodec.Wire(45, 15, "blog"));
        }

        long logged = WalHarness.Files(device.FileSystem).Sum(f => device.FileSystem.ReadAllBytes(f).Length);
        var codec = new RangeCodec();
        await using var reopened = TestStores.Open(device.FileSystem, options with { WireCodecs = [codec] });

        Assert.Equal(2, codec.Decoded);
        var all = TestEvents.ReadAll(reopened, "shop", "blog");
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), TestEvents.Seqs(all));
        Assert.Equal(TestEvents.Range(0, 40, "shop").Concat(TestEvents.Range(40, 20, "blog")).Select(TestEvents.Signature).Order(),
            all.Select(TestEvents.Signature).Order());
        // 55 events went in as a few bytes each: the log holds far less than their encoding.
        Assert.True(logged < Batch(0, 40, "shop").Data.Length, $"the log holds {logged} bytes");
    }

    [Fact]
    public async Task Without_its_codec_the_store_logs_the_batch_so_any_reader_can_replay_it()
    {
        var fs = new Metronome.Storage.Io.MemoryFileSystem();
        await using (var store = TestStores.Open(fs))
        {
            await store.AppendAsync(Batch(0, 10, "shop"), RangeCodec.Wire(0, 10, "shop"));
        }

        await using var reopened = TestStores.Open(fs);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), TestEvents.Seqs(TestEvents.ReadAll(reopened, "shop")));
    }

    [Fact]
    public async Task A_log_holding_a_wire_form_will_not_open_without_its_codec()
    {
        var fs = new Metronome.Storage.Io.MemoryFileSystem();
        var options = TestStores.Options() with { WireCodecs = [new RangeCodec()] };
        await using (var store = TestStores.Open(fs, options))
        {
            await store.AppendAsync(Batch(0, 10, "shop"), RangeCodec.Wire(0, 10, "shop"));
        }

        var error = Assert.Throws<StoreUnavailableException>(() => TestStores.Open(fs));
        Assert.Contains("'test-range'", error.Message);

        await using var withCodec = TestStores.Open(fs, options);
        Assert.Equal(10, TestEvents.ReadAll(withCodec, "shop").Count);
    }

    private static EventBatch Batch(long first, int count, string app) => EventBatch.From(TestEvents.Range(first, count, app));

    /// <summary>A wire form of "first count" in the body and the app in the context.</summary>
    private sealed class RangeCodec : IWireCodec
    {
        public int Decoded { get; private set; }

        public string Name => "test-range";

        public static WireForm Wire(long first, int count, string app) =>
            new("test-range", System.Text.Encoding.UTF8.GetBytes(app), System.Text.Encoding.UTF8.GetBytes($"{first} {count}"));

        public EventBatch Decode(ReadOnlySpan<byte> context, ReadOnlySpan<byte> body)
        {
            Decoded++;
            string[] parts = System.Text.Encoding.UTF8.GetString(body).Split(' ');
            return Batch(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), System.Text.Encoding.UTF8.GetString(context));
        }
    }
}
