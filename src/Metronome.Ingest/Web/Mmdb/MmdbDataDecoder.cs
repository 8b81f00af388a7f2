using System.Buffers.Binary;
using System.Text;

namespace Metronome.Ingest.Web.Mmdb;

/// <summary>
/// Decodes values of a MaxMind DB data section into plain .NET values: <see cref="string"/>,
/// <see cref="double"/>, <see cref="float"/>, <see cref="byte"/>[], <see cref="ushort"/> (uint16),
/// <see cref="uint"/> (uint32), <see cref="int"/> (int32), <see cref="ulong"/> (uint64),
/// <see cref="UInt128"/> (uint128), <see cref="bool"/>, <c>Dictionary&lt;string, object&gt;</c> (map) and
/// <c>List&lt;object&gt;</c> (array). Every read is bounds-checked and nesting is limited, so a corrupt or
/// hostile file raises <see cref="MmdbFormatException"/> instead of reading out of range or recursing
/// without end. Immutable and thread-safe.
/// </summary>
public sealed class MmdbDataDecoder
{
    private const int MaxDepth = 64;

    private readonly byte[] _buffer;
    private readonly int _start;
    private readonly int _end;

    /// <param name="buffer">The whole file.</param>
    /// <param name="start">Where the section starts: offsets and pointers count from here.</param>
    /// <param name="end">Where the section ends (exclusive).</param>
    public MmdbDataDecoder(byte[] buffer, int start, int end)
    {
        if (start < 0 || end > buffer.Length || start > end)
        {
            throw new MmdbFormatException($"data section [{start}, {end}) lies outside the {buffer.Length}-byte file");
        }

        _buffer = buffer;
        _start = start;
        _end = end;
    }

    public int Length => _end - _start;

    /// <summary>Decodes the value at <paramref name="offset"/> from the start of the section.</summary>
    public object Decode(int offset)
    {
        var position = Position(offset);
        return Decode(ref position, depth: 0);
    }

    /// <summary>Follows a path of map keys from the value at <paramref name="offset"/> and decodes what it
    /// finds there, decoding nothing else on the way. Null when a key is missing or a step is not a map.</summary>
    public object? DecodePath(int offset, params ReadOnlySpan<string> path)
    {
        var position = Position(offset);
        Span<byte> key = stackalloc byte[256];
        foreach (var step in path)
        {
            var length = Encoding.UTF8.GetBytes(step, key);
            if (!TryEnterMapValue(ref position, key[..length]))
            {
                return null;
            }
        }

        return Decode(ref position, depth: 0);
    }

    /// <summary>Like <see cref="DecodePath"/> for a string at a path of UTF-8 keys; no allocation but the result.</summary>
    public string? DecodeString(int offset, ReadOnlySpan<byte> key1, ReadOnlySpan<byte> key2)
    {
        var position = Position(offset);
        if (!TryEnterMapValue(ref position, key1) || !TryEnterMapValue(ref position, key2))
        {
            return null;
        }

        position = Resolve(position);
        var (type, size) = ReadControl(ref position);
        return type == MmdbDataType.Utf8String ? Encoding.UTF8.GetString(Take(ref position, size)) : null;
    }

    private int Position(int offset)
    {
        if (offset < 0 || offset >= Length)
        {
            throw new MmdbFormatException($"data offset {offset} is outside the {Length}-byte data section");
        }

        return _start + offset;
    }

    /// <summary>Moves <paramref name="position"/> from a map to the value of <paramref name="key"/>.</summary>
    private bool TryEnterMapValue(ref int position, ReadOnlySpan<byte> key)
    {
        position = Resolve(position);
        var (type, size) = ReadControl(ref position);
        if (type != MmdbDataType.Map)
        {
            return false;
        }

        for (var i = 0; i < size; i++)
        {
            var matches = ReadKey(ref position).SequenceEqual(key);
            if (matches)
            {
                return true;
            }

            Skip(ref position, depth: 1);
        }

        return false;
    }

    private object Decode(ref int position, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new MmdbFormatException($"data nested deeper than {MaxDepth} levels at byte {position}");
        }

        var controlAt = position;
        if (PeekType(position) == MmdbDataType.Pointer)
        {
            var target = ReadPointer(ref position);
            if (PeekType(target) == MmdbDataType.Pointer)
            {
                throw new MmdbFormatException($"pointer at byte {controlAt} points to another pointer");
            }

            return Decode(ref target, depth + 1);
        }

        var (type, size) = ReadControl(ref position);
        switch (type)
        {
            case MmdbDataType.Utf8String:
                return Encoding.UTF8.GetString(Take(ref position, size));
            case MmdbDataType.Double:
                return BinaryPrimitives.ReadDoubleBigEndian(Fixed(ref position, size, 8, type));
            case MmdbDataType.Float:
                return BinaryPrimitives.ReadSingleBigEndian(Fixed(ref position, size, 4, type));
            case MmdbDataType.Bytes:
                return Take(ref position, size).ToArray();
            case MmdbDataType.Uint16:
                return (ushort)UnsignedInteger(ref position, size, 2, type);
            case MmdbDataType.Uint32:
                return (uint)UnsignedInteger(ref position, size, 4, type);
            case MmdbDataType.Int32:
                return (int)(uint)UnsignedInteger(ref position, size, 4, type);
            case MmdbDataType.Uint64:
                return (ulong)UnsignedInteger(ref position, size, 8, type);
            case MmdbDataType.Uint128:
                return UnsignedInteger(ref position, size, 16, type);
            case MmdbDataType.Boolean:
                return size switch
                {
                    0 => false,
                    1 => true,
                    _ => throw new MmdbFormatException($"boolean at byte {controlAt} has value {size}"),
                };
            case MmdbDataType.Map:
                var map = new Dictionary<string, object>(Capacity(position, size), StringComparer.Ordinal);
                for (var i = 0; i < size; i++)
                {
                    var keyAt = position;
                    var key = Encoding.UTF8.GetString(ReadKey(ref position));
                    if (!map.TryAdd(key, Decode(ref position, depth + 1)))
                    {
                        throw new MmdbFormatException($"map at byte {controlAt} repeats the key '{key}' (at byte {keyAt})");
                    }
                }

                return map;
            case MmdbDataType.Array:
                var list = new List<object>(Capacity(position, size));
                for (var i = 0; i < size; i++)
                {
                    list.Add(Decode(ref position, depth + 1));
                }

                return list;
            default:
                throw new MmdbFormatException($"{type} at byte {controlAt} is not a value that can be decoded");
        }
    }

    /// <summary>Every element takes at least a byte: a corrupt size must not make us allocate gigabytes.</summary>
    private int Capacity(int position, int size) => Math.Min(size, _end - position);

    /// <summary>Moves past one value without decoding it (pointers are not followed: they are two to five bytes).</summary>
    private void Skip(ref int position, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new MmdbFormatException($"data nested deeper than {MaxDepth} levels at byte {position}");
        }

        if (PeekType(position) == MmdbDataType.Pointer)
        {
            ReadPointer(ref position);
            return;
        }

        var (type, size) = ReadControl(ref position);
        switch (type)
        {
            case MmdbDataType.Map:
                for (var i = 0; i < size * 2; i++)
                {
                    Skip(ref position, depth + 1);
                }

                break;
            case MmdbDataType.Array:
                for (var i = 0; i < size; i++)
                {
                    Skip(ref position, depth + 1);
                }

                break;
            case MmdbDataType.Boolean:
                break;
            default:
                Take(ref position, size);
                break;
        }
    }

    /// <summary>A map key: a string, directly or through a pointer.</summary>
    private ReadOnlySpan<byte> ReadKey(scoped ref int position)
    {
        var keyAt = position;
        if (PeekType(position) == MmdbDataType.Pointer)
        {
            var target = ReadPointer(ref position);
            return StringAt(ref target, keyAt);
        }

        return StringAt(ref position, keyAt);
    }

    private ReadOnlySpan<byte> StringAt(scoped ref int position, int keyAt)
    {
        var (type, size) = ReadControl(ref position);
        if (type != MmdbDataType.Utf8String)
        {
            throw new MmdbFormatException($"map key at byte {keyAt} is a {type}, not a string");
        }

        return Take(ref position, size);
    }

    /// <summary>The position of the value itself when <paramref name="position"/> holds a pointer.</summary>
    private int Resolve(int position) => PeekType(position) == MmdbDataType.Pointer ? ReadPointer(ref position) : position;

    private MmdbDataType PeekType(int position)
    {
        Check(position, 1);
        return (MmdbDataType)(_buffer[position] >> 5);
    }

    /// <summary>Pointer layout 001SSVVV: SS picks 1-4 more bytes; the 3-byte forms add an offset so no
    /// two encodings overlap. Returns the absolute position pointed at.</summary>
    private int ReadPointer(ref int position)
    {
        var at = position;
        var control = Take(ref position, 1)[0];
        var sizeClass = (control >> 3) & 0x3;
        long high = control & 0x7;
        var bytes = Take(ref position, sizeClass + 1);
        long pointer = sizeClass switch
        {
            0 => (high << 8) | bytes[0],
            1 => ((high << 16) | (uint)((bytes[0] << 8) | bytes[1])) + 2048,
            2 => ((high << 24) | (uint)((bytes[0] << 16) | (bytes[1] << 8) | bytes[2])) + 526_336,
            _ => BinaryPrimitives.ReadUInt32BigEndian(bytes),
        };

        if (pointer >= Length)
        {
            throw new MmdbFormatException($"pointer at byte {at} points to {pointer}, outside the {Length}-byte data section");
        }

        return _start + (int)pointer;
    }

    private (MmdbDataType Type, int Size) ReadControl(ref int position)
    {
        var at = position;
        var control = Take(ref position, 1)[0];
        var type = (MmdbDataType)(control >> 5);
        if (type == MmdbDataType.Extended)
        {
            var extended = Take(ref position, 1)[0];
            type = (MmdbDataType)(extended + 7);
            if (type < MmdbDataType.Int32 || type > MmdbDataType.Float)
            {
                throw new MmdbFormatException($"unknown extended type {extended + 7} at byte {at}");
            }
        }

        var size = control & 0x1F;
        if (size >= 29)
        {
            var extra = Take(ref position, size - 28);
            size = size switch
            {
                29 => 29 + extra[0],
                30 => 285 + ((extra[0] << 8) | extra[1]),
                _ => 65_821 + ((extra[0] << 16) | (extra[1] << 8) | extra[2]),
            };
        }

        return (type, size);
    }

    private UInt128 UnsignedInteger(ref int position, int size, int maxSize, MmdbDataType type)
    {
        if (size > maxSize)
        {
            throw new MmdbFormatException($"{type} at byte {position} is {size} bytes long, more than {maxSize}");
        }

        UInt128 value = 0;
        foreach (var b in Take(ref position, size))
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private ReadOnlySpan<byte> Fixed(scoped ref int position, int size, int expected, MmdbDataType type) =>
        size == expected
            ? Take(ref position, size)
            : throw new MmdbFormatException($"{type} at byte {position} is {size} bytes long, not {expected}");

    private ReadOnlySpan<byte> Take(scoped ref int position, int count)
    {
        Check(position, count);
        var span = _buffer.AsSpan(position, count);
        position += count;
        return span;
    }

    private void Check(int position, int count)
    {
        if (position < _start || count > _end - position)
        {
            throw new MmdbFormatException($"reading {count} bytes at byte {position} runs past the end of the data section");
        }
    }
}
