using System.Net;

namespace Metronome.Ingest.Web.Mmdb;

/// <summary>
/// Reads MaxMind DB files (<c>.mmdb</c>, e.g. GeoLite2-Country), format version 2: a binary search tree
/// over the address bits whose records point to further nodes or into a data section, followed by a
/// metadata map after the marker <c>\xAB\xCD\xEFMaxMind.com</c>. The whole file is held in memory; a
/// country database is a few megabytes. Immutable and thread-safe.
/// </summary>
public sealed class MmdbReader
{
    private const int DataSectionSeparator = 16;
    private const int MetadataSearchWindow = 128 * 1024;
    private static readonly byte[] MetadataMarker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];

    private readonly byte[] _file;
    private readonly long _nodeCount;
    private readonly int _nodeBytes;
    private readonly long _ipv4StartNode;
    private readonly MmdbDataDecoder _data;
    private readonly BoundedCache<int, string?> _countryByRecord = new(4096);

    public MmdbReader(byte[] file)
    {
        _file = file;
        var markerAt = FindMetadataMarker(file);
        var metadataStart = markerAt + MetadataMarker.Length;
        var metadata = new MmdbDataDecoder(file, metadataStart, file.Length).Decode(0) as Dictionary<string, object>
            ?? throw new MmdbFormatException("metadata is not a map");
        Metadata = MmdbMetadata.From(metadata);

        _nodeCount = Metadata.NodeCount;
        _nodeBytes = Metadata.RecordSize * 2 / 8;
        var treeSize = _nodeCount * _nodeBytes;
        if (treeSize + DataSectionSeparator > markerAt)
        {
            throw new MmdbFormatException($"search tree of {_nodeCount} nodes ({treeSize} bytes) does not fit before the metadata at byte {markerAt}");
        }

        var dataStart = (int)treeSize + DataSectionSeparator;
        if (file.AsSpan((int)treeSize, DataSectionSeparator).ContainsAnyExcept((byte)0))
        {
            throw new MmdbFormatException($"the 16 zero bytes between search tree and data section at byte {treeSize} are not zero");
        }

        _data = new MmdbDataDecoder(file, dataStart, markerAt);
        _ipv4StartNode = FindIpv4Start();
    }

    public MmdbMetadata Metadata { get; }

    /// <summary>Reads and opens a database file.</summary>
    /// <exception cref="MmdbFormatException">The file is not a valid MaxMind DB.</exception>
    public static MmdbReader Open(string path)
    {
        try
        {
            return new MmdbReader(File.ReadAllBytes(path));
        }
        catch (MmdbFormatException error)
        {
            throw new MmdbFormatException($"{path}: {error.Message}");
        }
    }

    /// <summary>The decoded record of the network that holds <paramref name="address"/>, or null.</summary>
    public object? Lookup(IPAddress address) => Lookup(address, out _);

    /// <param name="prefixLength">The length of the matching network's prefix (for IPv4 addresses, in IPv4
    /// bits), or of the deepest empty branch when nothing matches.</param>
    public object? Lookup(IPAddress address, out int prefixLength)
    {
        var offset = FindRecord(address, out prefixLength);
        return offset < 0 ? null : _data.Decode(offset);
    }

    /// <summary>The record's <c>country.iso_code</c> (e.g. <c>DE</c>), or null. Cached per record, and
    /// decodes only that one string, so it is cheap enough to run on every request.</summary>
    public string? LookupCountryCode(IPAddress address)
    {
        var offset = FindRecord(address, out _);
        if (offset < 0)
        {
            return null;
        }

        if (_countryByRecord.TryGetValue(offset, out var cached))
        {
            return cached;
        }

        var code = _data.DecodeString(offset, "country"u8, "iso_code"u8);
        _countryByRecord.Add(offset, code);
        return code;
    }

    /// <summary>Walks the tree; returns the record's offset in the data section, or -1 when not found.</summary>
    private int FindRecord(IPAddress address, out int prefixLength)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var length))
        {
            throw new ArgumentException($"cannot read the bytes of address {address}", nameof(address));
        }

        bytes = bytes[..length];
        if (length == 16 && Metadata.IpVersion == 4)
        {
            prefixLength = 0;
            return -1; // an IPv4-only database knows no IPv6 addresses
        }

        var node = length == 4 ? _ipv4StartNode : 0;
        var bit = 0;
        var bitCount = length * 8;
        for (; bit < bitCount && node < _nodeCount; bit++)
        {
            node = ReadRecord(node, (bytes[bit >> 3] >> (7 - (bit & 7))) & 1);
        }

        prefixLength = bit;
        if (node == _nodeCount)
        {
            return -1;
        }

        if (node < _nodeCount)
        {
            throw new MmdbFormatException($"search tree is deeper than the {bitCount} bits of {address}");
        }

        return DataOffset(node);
    }

    /// <summary>IPv4 addresses live under ::/96 of an IPv6 tree; find that subtree's node once.</summary>
    private long FindIpv4Start()
    {
        if (Metadata.IpVersion == 4)
        {
            return 0;
        }

        long node = 0;
        for (var depth = 0; depth < 96 && node < _nodeCount; depth++)
        {
            node = ReadRecord(node, 0);
        }

        if (node > _nodeCount)
        {
            DataOffset(node); // validates
        }

        return node;
    }

    private long ReadRecord(long node, int right)
    {
        var record = _file.AsSpan((int)(node * _nodeBytes), _nodeBytes);
        return Metadata.RecordSize switch
        {
            24 => right == 0
                ? (record[0] << 16) | (record[1] << 8) | record[2]
                : (record[3] << 16) | (record[4] << 8) | record[5],
            28 => right == 0
                ? ((record[3] & 0xF0) << 20) | (record[0] << 16) | (record[1] << 8) | record[2]
                : ((record[3] & 0x0F) << 24) | (record[4] << 16) | (record[5] << 8) | record[6],
            _ => right == 0
                ? ((long)record[0] << 24) | ((long)record[1] << 16) | ((long)record[2] << 8) | record[3]
                : ((long)record[4] << 24) | ((long)record[5] << 16) | ((long)record[6] << 8) | record[7],
        };
    }

    /// <summary>A record above the node count points into the data section, 16 bytes of separator on.</summary>
    private int DataOffset(long record)
    {
        var offset = record - _nodeCount - DataSectionSeparator;
        if (offset < 0 || offset >= _data.Length)
        {
            throw new MmdbFormatException($"search tree record {record} points outside the {_data.Length}-byte data section");
        }

        return (int)offset;
    }

    private static int FindMetadataMarker(byte[] file)
    {
        var windowStart = Math.Max(0, file.Length - MetadataSearchWindow);
        var at = file.AsSpan(windowStart).LastIndexOf(MetadataMarker);
        return at < 0
            ? throw new MmdbFormatException("no MaxMind DB metadata marker in the last 128 KiB: not a .mmdb file, or truncated")
            : windowStart + at;
    }
}
