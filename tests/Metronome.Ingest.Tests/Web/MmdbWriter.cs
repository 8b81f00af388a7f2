using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Metronome.Ingest.Tests.Web;

/// <summary>
/// Writes small MaxMind DB files for the reader's tests, following the published format: a binary
/// trie over address bits, 16 zero bytes, the data section, the metadata marker and the metadata map.
/// Repeated strings are written once and then referenced by pointers, as real databases do. Networks
/// must not nest.
/// </summary>
internal sealed class MmdbWriter(int ipVersion = 6, int recordSize = 28)
{
    private readonly TrieNode _root = new();

    public string DatabaseType { get; init; } = "Metronome-Test-Country";

    /// <summary>Adds a network ("81.2.69.0/24", "2001:db8::/32") with its record. IPv4 networks in an
    /// IPv6 database go under ::/96, where readers look for them.</summary>
    public MmdbWriter Add(string cidr, object record)
    {
        var slash = cidr.IndexOf('/');
        var address = IPAddress.Parse(cidr[..slash]);
        var prefix = int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var bytes = address.GetAddressBytes();
        if (bytes.Length == 4 && ipVersion == 6)
        {
            bytes = [.. new byte[12], .. bytes];
            prefix += 96;
        }
        else if (bytes.Length == 16 && ipVersion == 4)
        {
            throw new ArgumentException("an IPv4 database cannot hold IPv6 networks");
        }

        var node = _root;
        for (var bit = 0; bit < prefix; bit++)
        {
            var side = (bytes[bit >> 3] >> (7 - (bit & 7))) & 1;
            if (bit == prefix - 1)
            {
                node.Children[side] = new Leaf(record);
                break;
            }

            node = node.Children[side] switch
            {
                TrieNode child => child,
                null => (TrieNode)(node.Children[side] = new TrieNode()),
                _ => throw new ArgumentException($"{cidr} nests inside another network"),
            };
        }

        return this;
    }

    public byte[] Build()
    {
        var nodes = new List<TrieNode>();
        var index = new Dictionary<TrieNode, int>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<TrieNode>([_root]);
        while (queue.TryDequeue(out var node))
        {
            index[node] = nodes.Count;
            nodes.Add(node);
            foreach (var child in node.Children.OfType<TrieNode>())
            {
                queue.Enqueue(child);
            }
        }

        var data = new DataWriter(usePointers: true);
        var offsets = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        long nodeCount = nodes.Count;
        long RecordValue(object? slot) => slot switch
        {
            null => nodeCount,
            TrieNode child => index[child],
            Leaf leaf => nodeCount + 16 + (offsets.TryGetValue(leaf.Record, out var at) ? at : offsets[leaf.Record] = data.Write(leaf.Record)),
            _ => throw new InvalidOperationException(),
        };

        var tree = new MemoryStream();
        foreach (var node in nodes)
        {
            WriteNode(tree, RecordValue(node.Children[0]), RecordValue(node.Children[1]));
        }

        var metadata = new DataWriter(usePointers: false);
        metadata.Write(new Dictionary<string, object>
        {
            ["node_count"] = (uint)nodeCount,
            ["record_size"] = (ushort)recordSize,
            ["ip_version"] = (ushort)ipVersion,
            ["database_type"] = DatabaseType,
            ["languages"] = new List<object> { "en" },
            ["binary_format_major_version"] = (ushort)2,
            ["binary_format_minor_version"] = (ushort)0,
            ["build_epoch"] = 1_763_683_200UL,
            ["description"] = new Dictionary<string, object> { ["en"] = "Metronome test database" },
        });

        return [.. tree.ToArray(), .. new byte[16], .. data.ToArray(), 0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8, .. metadata.ToArray()];
    }

    private void WriteNode(Stream tree, long left, long right)
    {
        Span<byte> node = stackalloc byte[8];
        switch (recordSize)
        {
            case 24:
                WriteBigEndian(node[..3], left);
                WriteBigEndian(node[3..6], right);
                tree.Write(node[..6]);
                break;
            case 28:
                WriteBigEndian(node[..3], left & 0xFFFFFF);
                node[3] = (byte)((((left >> 24) & 0xF) << 4) | ((right >> 24) & 0xF));
                WriteBigEndian(node[4..7], right & 0xFFFFFF);
                tree.Write(node[..7]);
                break;
            default:
                WriteBigEndian(node[..4], left);
                WriteBigEndian(node[4..8], right);
                tree.Write(node);
                break;
        }
    }

    private static void WriteBigEndian(Span<byte> target, long value)
    {
        for (var i = target.Length - 1; i >= 0; i--, value >>= 8)
        {
            target[i] = (byte)value;
        }
    }

    private sealed class TrieNode
    {
        public object?[] Children { get; } = new object?[2];
    }

    private sealed record Leaf(object Record);

    /// <summary>The data section encoder: .NET types map to the format's types one to one.</summary>
    internal sealed class DataWriter(bool usePointers)
    {
        private readonly MemoryStream _out = new();
        private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);

        public int Position => (int)_out.Length;

        public byte[] ToArray() => _out.ToArray();

        /// <summary>Writes a value; returns its offset.</summary>
        public int Write(object value)
        {
            var at = Position;
            switch (value)
            {
                case string text when usePointers && _strings.TryGetValue(text, out var earlier):
                    WritePointer(earlier);
                    break;
                case string text:
                    if (usePointers)
                    {
                        _strings[text] = at;
                    }

                    var utf8 = Encoding.UTF8.GetBytes(text);
                    WriteControl(2, utf8.Length);
                    _out.Write(utf8);
                    break;
                case double number:
                    WriteControl(3, 8);
                    WriteFixed(8, BitConverter.DoubleToInt64Bits(number));
                    break;
                case byte[] bytes:
                    WriteControl(4, bytes.Length);
                    _out.Write(bytes);
                    break;
                case ushort number:
                    WriteUnsigned(5, number);
                    break;
                case uint number:
                    WriteUnsigned(6, number);
                    break;
                case Dictionary<string, object> map:
                    WriteControl(7, map.Count);
                    foreach (var (key, item) in map)
                    {
                        Write(key);
                        Write(item);
                    }

                    break;
                case int number when number < 0:
                    WriteControl(8, 4);
                    WriteFixed(4, number);
                    break;
                case int number:
                    WriteUnsigned(8, (uint)number);
                    break;
                case ulong number:
                    WriteUnsigned(9, number);
                    break;
                case UInt128 number:
                    WriteUnsigned(10, number);
                    break;
                case List<object> list:
                    WriteControl(11, list.Count);
                    foreach (var item in list)
                    {
                        Write(item);
                    }

                    break;
                case bool flag:
                    WriteControl(14, flag ? 1 : 0);
                    break;
                case float number:
                    WriteControl(15, 4);
                    WriteFixed(4, BitConverter.SingleToInt32Bits(number));
                    break;
                default:
                    throw new ArgumentException($"no MaxMind DB type for {value.GetType()}");
            }

            return at;
        }

        /// <summary>Raw bytes, for tests that hand-craft (possibly invalid) data.</summary>
        public void WriteRaw(params byte[] bytes) => _out.Write(bytes);

        public void WritePointer(int target)
        {
            switch (target)
            {
                case < 2048:
                    WriteRaw((byte)(0x20 | (target >> 8)), (byte)target);
                    break;
                case < 526_336:
                    var v1 = target - 2048;
                    WriteRaw((byte)(0x28 | (v1 >> 16)), (byte)(v1 >> 8), (byte)v1);
                    break;
                case < 134_744_064:
                    var v2 = target - 526_336;
                    WriteRaw((byte)(0x30 | (v2 >> 24)), (byte)(v2 >> 16), (byte)(v2 >> 8), (byte)v2);
                    break;
                default:
                    WriteRaw(0x38, (byte)(target >> 24), (byte)(target >> 16), (byte)(target >> 8), (byte)target);
                    break;
            }
        }

        public void WriteControl(int type, int size)
        {
            var sizeBits = size switch { < 29 => size, < 285 => 29, < 65_821 => 30, _ => 31 };
            if (type <= 7)
            {
                _out.WriteByte((byte)((type << 5) | sizeBits));
            }
            else
            {
                _out.WriteByte((byte)sizeBits);
                _out.WriteByte((byte)(type - 7));
            }

            switch (sizeBits)
            {
                case 29: _out.WriteByte((byte)(size - 29)); break;
                case 30: WriteFixed(2, size - 285); break;
                case 31: WriteFixed(3, size - 65_821); break;
            }
        }

        private void WriteUnsigned(int type, UInt128 value)
        {
            var bytes = new List<byte>();
            for (; value != 0; value >>= 8)
            {
                bytes.Insert(0, (byte)value);
            }

            WriteControl(type, bytes.Count);
            _out.Write(bytes.ToArray());
        }

        private void WriteFixed(int length, long value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            _out.Write(bytes[(8 - length)..]);
        }
    }
}
