namespace Metronome.Ingest.Web.Mmdb;

/// <summary>The metadata map at the end of a MaxMind DB file.</summary>
public sealed record MmdbMetadata(
    long NodeCount,
    int RecordSize,
    int IpVersion,
    string DatabaseType,
    IReadOnlyList<string> Languages,
    int BinaryFormatMajorVersion,
    int BinaryFormatMinorVersion,
    ulong BuildEpoch,
    IReadOnlyDictionary<string, string> Description)
{
    internal static MmdbMetadata From(Dictionary<string, object> map)
    {
        var metadata = new MmdbMetadata(
            NodeCount: RequiredInteger(map, "node_count"),
            RecordSize: (int)RequiredInteger(map, "record_size"),
            IpVersion: (int)RequiredInteger(map, "ip_version"),
            DatabaseType: map.GetValueOrDefault("database_type") as string ?? "",
            Languages: map.GetValueOrDefault("languages") is List<object> languages ? [.. languages.OfType<string>()] : [],
            BinaryFormatMajorVersion: (int)RequiredInteger(map, "binary_format_major_version"),
            BinaryFormatMinorVersion: (int)(OptionalInteger(map, "binary_format_minor_version") ?? 0),
            BuildEpoch: (ulong)(OptionalInteger(map, "build_epoch") ?? 0),
            Description: map.GetValueOrDefault("description") is Dictionary<string, object> description
                ? description.Where(pair => pair.Value is string).ToDictionary(pair => pair.Key, pair => (string)pair.Value)
                : new Dictionary<string, string>());

        if (metadata.BinaryFormatMajorVersion != 2)
        {
            throw new MmdbFormatException($"binary format {metadata.BinaryFormatMajorVersion} is not supported (only version 2 is)");
        }

        if (metadata.NodeCount > uint.MaxValue)
        {
            throw new MmdbFormatException($"node count {metadata.NodeCount} does not fit the 32-bit records");
        }

        if (metadata.RecordSize is not (24 or 28 or 32))
        {
            throw new MmdbFormatException($"record size {metadata.RecordSize} is not 24, 28 or 32 bits");
        }

        if (metadata.IpVersion is not (4 or 6))
        {
            throw new MmdbFormatException($"ip_version {metadata.IpVersion} is not 4 or 6");
        }

        return metadata;
    }

    private static long RequiredInteger(Dictionary<string, object> map, string key) =>
        OptionalInteger(map, key) ?? throw new MmdbFormatException($"metadata has no unsigned integer '{key}'");

    private static long? OptionalInteger(Dictionary<string, object> map, string key) => map.GetValueOrDefault(key) switch
    {
        ushort value => value,
        uint value => value,
        ulong value when value <= long.MaxValue => (long)value,
        int value when value >= 0 => value,
        _ => null,
    };
}
