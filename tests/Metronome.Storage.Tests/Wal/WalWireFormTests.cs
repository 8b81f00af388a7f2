using Metronome.Core.Events.Batches;
using Metronome.Storage.Tests.Support;
using Metronome.Storage.Wal;

namespace Metronome.Storage.Tests.Wal;

/// <summary>Entries logged as wire forms (codec, context, body) next to encoded batches, and files of
/// the previous version, which had batches only.</summary>
public class WalWireFormTests
{
    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public async Task Wire_forms_and_batches_in_one_group_replay_in_order_with_their_codec_and_context(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var harness = new WalHarness();
        byte[] body = System.Text.Encoding.UTF8.GetBytes(new string('x', 70_000) + "é");
        var entries = new (string? Codec, byte[] Context, byte[] Bytes)[]
        {
            (null, [], WalHarness.Batch(1)),
            ("logplex-request", [1, 2, 3], body),
            ("codec-ü", [], [9]),
            ("empty-body", [7], []),
            (null, [], WalHarness.Batch(2, 300)),
        };
        using (var wal = harness.Open(device.FileSystem))
        {
            // Queued together, so most of them share one record (one group commit).
            await Task.WhenAll(entries.Select(e => wal.AppendAsync(
                e.Codec is null ? WalEntry.Batch(e.Bytes) : WalEntry.Wire(new WireForm(e.Codec, e.Context, e.Bytes)), null)));
        }

        using var reopened = harness.Open(device.FileSystem);

        Assert.Equal(entries.Select(e => e.Bytes), harness.Replayed.Select(r => r.Batch));
        Assert.Equal(entries.Select(e => e.Codec), harness.ReplayedForms.Select(r => r.Codec));
        Assert.Equal(entries.Select(e => e.Context), harness.ReplayedForms.Select(r => r.Context));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void A_version_1_file_still_replays_its_batches(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        byte[] first = WalHarness.Batch(10, 40), second = WalHarness.Batch(11, 200);
        device.FileSystem.CreateDirectory(WalHarness.Directory);
        device.Append(WalHarness.Directory + "/" + WalFormat.FileName(1),
            [.. WalFileBuilder.Header(1, version: 1), .. WalFileBuilder.RecordV1(1, first), .. WalFileBuilder.RecordV1(2, second)]);
        var harness = new WalHarness();

        using var wal = harness.Open(device.FileSystem);

        Assert.Equal([first, second], harness.Replayed.Select(r => r.Batch));
        Assert.All(harness.ReplayedForms, f => Assert.Null(f.Codec));
        Assert.Equal(3, wal.NextLsn);
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void An_entry_of_unknown_kind_is_reported_not_skipped(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        byte[] payload = [2, 42, 0];
        byte[] record = new byte[WalFormat.RecordHeaderSize + payload.Length];
        WalFormat.WriteRecord(record, 1, payload);
        device.FileSystem.CreateDirectory(WalHarness.Directory);
        device.Append(WalHarness.Directory + "/" + WalFormat.FileName(1), [.. WalFileBuilder.Header(1), .. record]);

        var error = Assert.Throws<InvalidDataException>(() => new WalHarness().Open(device.FileSystem));
        Assert.Contains("unknown entry kind 42", error.Message);
    }
}
