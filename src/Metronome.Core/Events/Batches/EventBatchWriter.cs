using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static Metronome.Core.Events.Batches.BatchPrimitives;

namespace Metronome.Core.Events.Batches;

/// <summary>
/// Builds an <see cref="EventBatch"/> event by event, writing each straight into the encoded form:
/// per event app, name (strings), time and receipt time (zigzag varints, µs), varint field count, then
/// per field key (string), kind (byte) and value; strings are a varint byte length and UTF-8. One writer
/// can be reused for many batches (<see cref="Clear"/>): its buffers stay.
/// </summary>
public sealed partial class EventBatchWriter
{
    /// <summary>UTF-8 takes at most 3 bytes per UTF-16 char; strings up to this length have a one-byte
    /// length prefix however they encode.</summary>
    private const int ShortStringChars = 42;

    private readonly BatchStringTable _apps = new();
    private readonly BatchStringTable _names = new();
    // Made at the second event: a writer of one event (EventBatch.From of a single tick) would only pay for it.
    private EncodedKeyCache? _keys;
    private byte[] _buffer;
    private int _length;
    private EventBatchEntry[] _entries = new EventBatchEntry[64];
    private int _count;
    private long _firstReceiptUs = long.MaxValue;
    // The current event's previous text value's byte length (-1: none), for WriteUtf8SuffixField.
    private int _textLength = -1;
    // How many strings of the current event went through WriteKey: where the key cache looks first.
    private int _keyPosition;

    public EventBatchWriter(int initialBytes = 16 * 1024)
    {
        _buffer = new byte[Math.Max(64, initialBytes)];
    }

    public int Count => _count;

    /// <summary>Bytes the writer's buffer holds now (it keeps them across <see cref="Clear"/>).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>What a writer given fields but never an event holds: those fields' encoding (<see cref="BatchFieldRun"/>).</summary>
    internal ReadOnlySpan<byte> FieldBytesWithoutEvent =>
        _count == 0 ? _buffer.AsSpan(0, _length) : throw new InvalidOperationException("the writer holds events");

    /// <summary>The last field's text length in bytes, or -1 when it is not text.</summary>
    internal int TextLength => _textLength;

    public void Add(Event e) => Add(e.App, e.Name, e.TimeUs, e.ReceiptTimeUs, e.Fields);

    public void Add(string app, string name, long timeUs, long receiptUs, IReadOnlyList<KeyValuePair<string, FieldValue>> fields)
    {
        BeginEvent(app, name, timeUs, receiptUs, fields.Count);
        for (int f = 0; f < fields.Count; f++)
        {
            var (key, value) = fields[f];
            WriteField(key, value);
        }
    }

    /// <summary>Starts an event whose <paramref name="fieldCount"/> fields follow, each written with
    /// <see cref="WriteField"/> or <see cref="WriteUtf8Field"/> (the caller keeps the count true).</summary>
    public void BeginEvent(string app, string name, long timeUs, long receiptUs, int fieldCount)
    {
        if (_openCountAt >= 0)
        {
            throw new InvalidOperationException("the previous event is still open: EndEvent or DiscardEvent it first");
        }

        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        _entries[_count++] = new EventBatchEntry(_length, _apps.IndexOf(app), _names.IndexOf(name), timeUs);
        if (_count == 1)
        {
            _firstReceiptUs = receiptUs;
        }

        _keyPosition = 0;
        WriteKey(app);
        WriteKey(name);
        Ensure(30);
        _length += WriteVarint(_buffer.AsSpan(_length), ZigZag(timeUs));
        _length += WriteVarint(_buffer.AsSpan(_length), ZigZag(receiptUs));
        _length += WriteVarint(_buffer.AsSpan(_length), (ulong)fieldCount);
        _textLength = -1;
    }

    public void WriteField(string key, FieldValue value)
    {
        WriteKey(key);
        WriteValue(value);
    }

    /// <summary>A string field whose value the caller passes as the same instance again and again (a drain's
    /// source name, a pooled host or app name): its encoding is cached as a key's is, instead of being
    /// transcoded for every event. The bytes are those <see cref="WriteField(string, FieldValue)"/> writes.</summary>
    public void WriteRepeatedStringField(string key, string value)
    {
        WriteKey(key);
        Ensure(1);
        _buffer[_length++] = (byte)FieldKind.String;
        _textLength = WriteKey(value);
    }

    /// <summary>The fields of <paramref name="run"/>, in order: the caller counts <see cref="BatchFieldRun.Count"/>
    /// fields for them.</summary>
    public void WriteFields(BatchFieldRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Ensure(run.Bytes.Length);
        run.Bytes.CopyTo(_buffer.AsSpan(_length));
        _length += run.Bytes.Length;
        if (run.Count > 0)
        {
            _textLength = run.LastTextLength;
        }
    }

    /// <summary>A field whose key is given as UTF-8 (decoders keep the bytes of keys they have seen).</summary>
    public void WriteField(ReadOnlySpan<byte> key, FieldValue value)
    {
        WriteUtf8(key);
        WriteValue(value);
    }

    /// <summary>A string field whose value is given as UTF-8, copied as it is: decoders pass the bytes
    /// they read, with no string made in between.</summary>
    public void WriteUtf8Field(string key, ReadOnlySpan<byte> value)
    {
        WriteKey(key);
        WriteUtf8Value(value);
    }

    /// <summary><see cref="WriteUtf8Field(string, ReadOnlySpan{byte})"/> with a key encoded beforehand.</summary>
    public void WriteUtf8Field(BatchKey key, ReadOnlySpan<byte> value)
    {
        WriteKey(key);
        WriteUtf8Value(value);
    }

    /// <summary><see cref="WriteField(string, FieldValue)"/> with a key encoded beforehand.</summary>
    public void WriteField(BatchKey key, FieldValue value)
    {
        WriteKey(key);
        WriteValue(value);
    }

    /// <summary>A string field with key and value given as UTF-8.</summary>
    public void WriteUtf8Field(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        WriteUtf8(key);
        WriteUtf8Value(value);
    }

    /// <summary>A string field whose value is the end of the previous field's text from byte
    /// <paramref name="skip"/> on: the batch refers to those bytes instead of holding them again.</summary>
    public void WriteUtf8SuffixField(string key, int skip)
    {
        CheckSuffix(skip);
        WriteKey(key);
        WriteSuffix(skip);
    }

    /// <summary><see cref="WriteUtf8SuffixField(string, int)"/> with a key encoded beforehand.</summary>
    public void WriteUtf8SuffixField(BatchKey key, int skip)
    {
        CheckSuffix(skip);
        WriteKey(key);
        WriteSuffix(skip);
    }

    private void CheckSuffix(int skip)
    {
        if (_textLength < 0 || skip < 0 || skip > _textLength)
        {
            throw new InvalidOperationException($"the previous field is not text of at least {skip} bytes");
        }
    }

    private void WriteSuffix(int skip)
    {
        Ensure(6);
        _buffer[_length++] = SuffixOfPreviousText;
        _length += WriteVarint(_buffer.AsSpan(_length), (ulong)skip);
        _textLength -= skip;
    }

    private void WriteUtf8Value(ReadOnlySpan<byte> value)
    {
        Ensure(1);
        _buffer[_length++] = (byte)FieldKind.String;
        WriteUtf8(value);
        _textLength = value.Length;
    }

    /// <summary>The events written so far (offsets within the writer, not a batch).</summary>
    public ReadOnlySpan<EventBatchEntry> Entries => _entries.AsSpan(0, _count);

    /// <summary>The batch so far, in arrays of its own (the writer may be cleared and reused).</summary>
    public EventBatch ToBatch() => ToBatch(pooled: false);

    /// <summary><see cref="ToBatch()"/>, but a big batch's bytes are in an array from <see cref="BatchArrayPool"/>
    /// (<see cref="EventBatch.IsPooled"/>, longer than the batch), for a batch that goes to a store,
    /// which gives the array back once the batch is in a segment and nothing reads it.</summary>
    public EventBatch ToPooledBatch() => ToBatch(pooled: true);

    private EventBatch ToBatch(bool pooled)
    {
        if (_openCountAt >= 0)
        {
            throw new InvalidOperationException("an event is still open: EndEvent or DiscardEvent it first");
        }

        int prefix = VarintLength((ulong)_count);
        int length = prefix + _length;
        pooled &= BatchArrayPool.Pools(length);
        var data = pooled ? BatchArrayPool.Rent(length) : GC.AllocateUninitializedArray<byte>(length);
        WriteVarint(data, (ulong)_count);
        _buffer.AsSpan(0, _length).CopyTo(data.AsSpan(prefix));
        var entries = new EventBatchEntry[_count];
        for (int i = 0; i < entries.Length; i++)
        {
            var entry = _entries[i];
            entries[i] = entry with { Offset = entry.Offset + prefix };
        }

        return new EventBatch(data, length, pooled, entries, _apps.ToArray(), _names.ToArray(), _firstReceiptUs);
    }

    public void Clear()
    {
        _length = 0;
        _count = 0;
        _firstReceiptUs = long.MaxValue;
        _openCountAt = -1;
        _textLength = -1;
        _apps.Clear();
        _names.Clear();
    }

    private void WriteValue(FieldValue value)
    {
        Ensure(10);
        _buffer[_length++] = (byte)value.Kind;
        _textLength = -1;
        switch (value.Kind)
        {
            case FieldKind.String:
                _textLength = WriteString(value.AsString);
                return;
            case FieldKind.Long:
                _length += WriteVarint(_buffer.AsSpan(_length), ZigZag(value.AsLong));
                break;
            case FieldKind.Double:
                BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), value.AsDouble);
                _length += 8;
                break;
            case FieldKind.Bool:
                _buffer[_length++] = value.AsBool ? (byte)1 : (byte)0;
                break;
        }
    }

    /// <summary>A key, app or name: the same strings come again and again, so their encoding is cached.</summary>
    /// <returns>The string's UTF-8 byte count.</returns>
    private int WriteKey(string key)
    {
        if (_count < 2 || !(_keys ??= new EncodedKeyCache()).TryGet(key, _keyPosition++, out var encoded))
        {
            return WriteString(key);
        }

        if (encoded.Length <= EncodedKeyCache.PaddedLength)
        {
            // Most keys: one 16-byte copy (the cache pads its arrays to that) instead of a call to a general copy.
            Ensure(EncodedKeyCache.PaddedLength);
            Unsafe.WriteUnaligned(ref _buffer[_length], Unsafe.ReadUnaligned<Vector128<byte>>(ref MemoryMarshal.GetReference(encoded)));
        }
        else
        {
            Ensure(encoded.Length);
            encoded.CopyTo(_buffer.AsSpan(_length));
        }

        _length += encoded.Length;
        // Cached strings are short enough for a one-byte length prefix.
        return encoded.Length - 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteKey(BatchKey key)
    {
        int length = key.EncodedLength;
        if (length <= EncodedKeyCache.PaddedLength)
        {
            Ensure(EncodedKeyCache.PaddedLength);
            Unsafe.WriteUnaligned(ref _buffer[_length], Unsafe.ReadUnaligned<Vector128<byte>>(ref MemoryMarshal.GetArrayDataReference(key.Encoded)));
        }
        else
        {
            Ensure(length);
            key.Encoded.AsSpan(0, length).CopyTo(_buffer.AsSpan(_length));
        }

        _length += length;
    }

    /// <returns>The string's UTF-8 byte count.</returns>
    private int WriteString(string value)
    {
        if (value.Length <= ShortStringChars)
        {
            Ensure(1 + 3 * ShortStringChars);
            int written = System.Text.Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 1));
            _buffer[_length] = (byte)written;
            _length += written + 1;
            return written;
        }

        int bytes = System.Text.Encoding.UTF8.GetByteCount(value);
        Ensure(5 + bytes);
        _length += WriteVarint(_buffer.AsSpan(_length), (ulong)bytes);
        _length += System.Text.Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        return bytes;
    }

    private void WriteUtf8(ReadOnlySpan<byte> value)
    {
        Ensure(5 + value.Length);
        _length += WriteVarint(_buffer.AsSpan(_length), (ulong)value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
