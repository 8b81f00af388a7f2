using System.Text.Json;
using System.Text.Json.Serialization;
using Metronome.Storage.Io;

namespace Metronome.Storage.Manifest;

/// <summary>
/// The list of live segments and the log checkpoint, replaced atomically on every seal, compaction and
/// retention pass. It is the single source of truth: a segment file not listed here is an orphan from
/// a crash and is deleted on open; log records at or below <see cref="CheckpointLsn"/> are in segments.
/// </summary>
public sealed record StoreManifest
{
    public const string FileName = "manifest.json";

    public int Version { get; init; } = 1;

    public long CheckpointLsn { get; init; }

    public long NextSegmentId { get; init; } = 1;

    public IReadOnlyList<SegmentInfo> Segments { get; init; } = [];

    public static StoreManifest Load(IFileSystem fs) =>
        fs.FileExists(FileName)
            ? JsonSerializer.Deserialize(fs.ReadAllBytes(FileName), ManifestJson.Default.StoreManifest)
              ?? throw new InvalidDataException("manifest.json is empty")
            : new StoreManifest();

    public void Save(IFileSystem fs) =>
        fs.WriteAtomically(FileName, JsonSerializer.SerializeToUtf8Bytes(this, ManifestJson.Default.StoreManifest));
}

/// <summary>One immutable segment: the events of one app on one UTC day (a partition).</summary>
public sealed record SegmentInfo(string File, string App, string Day, long Rows, long MinTimeUs, long MaxTimeUs, long Bytes);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoreManifest))]
internal sealed partial class ManifestJson : JsonSerializerContext;
