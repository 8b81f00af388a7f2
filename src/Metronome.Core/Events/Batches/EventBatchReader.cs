using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using static Metronome.Core.Events.Batches.BatchPrimitives;

namespace Metronome.Core.Events.Batches;

/// <summary>
/// Walks an encoded event batch in place: event headers and fields as spans of the encoded bytes,
/// nothing allocated. Sealing reads the tail this way, straight into columns.
/// Throws <see cref="InvalidDataException"/> on malformed input.
/// </summary>
public ref struct EventBatchReader(ReadOnlySpan<byte> data, int offset = 0)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _offset = offset;
    // The event's previous text value, for SuffixOfPreviousText (-1: none yet).
    private int _textStart;
    private int _textLength = -1;
    private bool _suffix;

    /// <summary>Whether the last field read was stored as the end of the event's previous text field.</summary>
    public readonly bool FieldWasSuffix => _suffix;

    /// <summary>Where the next read starts: remember it to come back to an event.</summary>
    public readonly int Offset => _offset;

    public int ReadCount() => checked((int)ReadVarint(_data, ref _offset));

    public void ReadHeader(out ReadOnlySpan<byte> app, out ReadOnlySpan<byte> name, out long timeUs, out long receiptUs, out int fieldCount)
    {
        app = ReadStringBytes(_data, ref _offset);
        name = ReadStringBytes(_data, ref _offset);
        timeUs = UnZigZag(ReadVarint(_data, ref _offset));
        receiptUs = UnZigZag(ReadVarint(_data, ref _offset));
        fieldCount = checked((int)ReadVarint(_data, ref _offset));
        _textLength = -1;
    }

    /// <summary>Reads one field: its key, and its value as UTF-8 (strings) or <paramref name="bits"/>
    /// (the long, the double's bits, or 0/1 for bools).</summary>
    // Inlined: sealing reads every field of every row, and its key, text and bits then stay in registers
    // instead of going through memory as out arguments.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FieldKind ReadField(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> text, out long bits)
    {
        key = ReadShortString();
        var kind = (FieldKind)Need(_data, _offset, 1)[0];
        _offset++;
        text = default;
        bits = 0;
        _suffix = false;
        switch (kind)
        {
            case FieldKind.String:
                text = ReadShortString();
                _textStart = _offset - text.Length;
                _textLength = text.Length;
                break;
            case (FieldKind)SuffixOfPreviousText:
                text = ReadSuffix();
                kind = FieldKind.String;
                _suffix = true;
                break;
            case FieldKind.Long:
                bits = UnZigZag(ReadVarint(_data, ref _offset));
                break;
            case FieldKind.Double:
                bits = BinaryPrimitives.ReadInt64LittleEndian(Need(_data, _offset, 8));
                _offset += 8;
                break;
            case FieldKind.Bool:
                bits = Need(_data, _offset++, 1)[0] != 0 ? 1 : 0;
                break;
            case FieldKind.Null:
                break;
            default:
                throw new InvalidDataException($"unknown field kind {(byte)kind} at byte {_offset - 1}");
        }

        if (kind != FieldKind.String)
        {
            _textLength = -1; // a suffix refers to the text field just before it
        }

        return kind;
    }

    private ReadOnlySpan<byte> ReadSuffix()
    {
        int at = _offset - 1;
        ulong skip = ReadVarint(_data, ref _offset);
        if (_textLength < 0 || skip > (ulong)_textLength)
        {
            throw new InvalidDataException($"a text suffix at byte {at} has no previous text of {skip} bytes or more in its event");
        }

        _textStart += (int)skip;
        _textLength -= (int)skip;
        return _data.Slice(_textStart, _textLength);
    }

    /// <summary>A length-prefixed string: keys and most values are under 128 bytes, so their prefix is
    /// one byte and one bounds check covers prefix and bytes (sealing reads every field this way).</summary>
    private ReadOnlySpan<byte> ReadShortString()
    {
        int at = _offset;
        if ((uint)at < (uint)_data.Length)
        {
            int length = _data[at];
            if (length < 0x80 && (uint)(at + 1 + length) <= (uint)_data.Length)
            {
                _offset = at + 1 + length;
                return _data.Slice(at + 1, length);
            }
        }

        return ReadStringBytes(_data, ref _offset);
    }

    public void SkipFields(int count)
    {
        for (int i = 0; i < count; i++)
        {
            ReadField(out _, out _, out _);
        }
    }
}
