using System.Buffers;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Framing;

/// <summary>
/// Incremental framer for syslog over TCP (RFC 6587). Like rsyslog, it decides per message: a message that
/// starts with digits, a space and <c>&lt;</c> is octet-counted (<c>MSG-LEN SP MSG</c>; rsyslog looks at
/// the first digit only, the <c>SP &lt;</c> keeps lines such as <c>2024 was…</c> delimited), anything else
/// runs to the next LF or NUL
/// (a CR before the LF is dropped). Blank lines between messages are skipped. Data may arrive split at any
/// byte; <see cref="Push"/> keeps the incomplete tail and <see cref="Complete"/> flushes it at the end.
/// Not thread-safe: one instance per connection.
/// </summary>
public sealed class SyslogStreamFramer : IDisposable
{
    public const int DefaultMaxMessageLength = 1 << 20;

    private const int MaxCountDigits = 9;

    private readonly int _maxMessageLength;
    private byte[] _pending = [];
    private int _pendingLength;
    private long _pendingOffset;

    public SyslogStreamFramer(int maxMessageLength = DefaultMaxMessageLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageLength, 16);
        _maxMessageLength = maxMessageLength;
    }

    /// <summary>Bytes received but not yet framed.</summary>
    public int PendingBytes => _pendingLength;

    /// <summary>Frames what it can of the bytes received so far plus <paramref name="data"/>.</summary>
    public void Push(ReadOnlySpan<byte> data, IFrameSink sink)
    {
        if (_pendingLength == 0)
        {
            var consumed = Frame(data, _pendingOffset, isFinal: false, sink);
            _pendingOffset += consumed;
            Keep(data[consumed..]);
            return;
        }

        Append(data);
        var used = Frame(_pending.AsSpan(0, _pendingLength), _pendingOffset, isFinal: false, sink);
        Drop(used);
    }

    /// <summary>The stream ended: a last line without delimiter is a message, a partial octet frame is unframeable.</summary>
    public void Complete(IFrameSink sink)
    {
        var used = Frame(_pending.AsSpan(0, _pendingLength), _pendingOffset, isFinal: true, sink);
        Drop(used);
    }

    public void Dispose()
    {
        if (_pending.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = [];
        }

        _pendingLength = 0;
    }

    /// <summary>Frames messages from <paramref name="data"/>; returns the bytes consumed.</summary>
    private int Frame(ReadOnlySpan<byte> data, long baseOffset, bool isFinal, IFrameSink sink)
    {
        var position = 0;
        while (position < data.Length)
        {
            if (Utf8Text.IsSeparator(data[position]))
            {
                position++;
                continue;
            }

            var rest = data[position..];
            var step = Utf8Text.IsDigit(rest[0])
                ? TryOctetCounted(rest, baseOffset + position, isFinal, sink)
                : TryDelimited(rest, baseOffset + position, isFinal, sink);
            if (step == 0)
            {
                break;
            }

            position += step;
        }

        return position;
    }

    /// <summary>An octet-counted frame at the start of <paramref name="data"/>; falls back to a delimited line
    /// when the digits are not a valid count. Returns bytes consumed, 0 when more are needed.</summary>
    private int TryOctetCounted(ReadOnlySpan<byte> data, long offset, bool isFinal, IFrameSink sink)
    {
        var i = 0;
        long count = 0;
        while (i < data.Length && i < MaxCountDigits && Utf8Text.IsDigit(data[i]))
        {
            count = (count * 10) + (data[i] - '0');
            i++;
        }

        // Octet counting needs "count SP <": a line that merely starts with a number ("2024 was…") is delimited.
        if (i + 1 >= data.Length && !isFinal)
        {
            return 0;
        }

        if (i + 1 >= data.Length || data[i] != ' ' || data[i + 1] != '<' || count == 0 || count > _maxMessageLength)
        {
            return TryDelimited(data, offset, isFinal, sink);
        }

        var frameEnd = i + 1 + (int)count;
        if (frameEnd > data.Length)
        {
            if (!isFinal)
            {
                return 0;
            }

            sink.OnUnframeable(data, offset, FramingErrors.TruncatedFrame);
            return data.Length;
        }

        sink.OnMessage(data[(i + 1)..frameEnd], offset + i + 1);
        return frameEnd;
    }

    /// <summary>A line ending at LF or NUL. Returns bytes consumed including the delimiter, 0 when more are needed.</summary>
    private int TryDelimited(ReadOnlySpan<byte> data, long offset, bool isFinal, IFrameSink sink)
    {
        var delimiter = data.IndexOfAny((byte)'\n', (byte)0);
        if (delimiter < 0)
        {
            if (data.Length > _maxMessageLength)
            {
                sink.OnUnframeable(data[.._maxMessageLength], offset, FramingErrors.LineTooLong);
                return _maxMessageLength;
            }

            if (!isFinal)
            {
                return 0;
            }

            sink.OnMessage(TrimCarriageReturn(data), offset);
            return data.Length;
        }

        if (delimiter > _maxMessageLength)
        {
            sink.OnUnframeable(data[.._maxMessageLength], offset, FramingErrors.LineTooLong);
            return _maxMessageLength;
        }

        sink.OnMessage(TrimCarriageReturn(data[..delimiter]), offset);
        return delimiter + 1;
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    private void Keep(ReadOnlySpan<byte> tail)
    {
        _pendingLength = 0;
        Append(tail);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var needed = _pendingLength + data.Length;
        if (needed > _pending.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(4096, _pending.Length * 2)));
            _pending.AsSpan(0, _pendingLength).CopyTo(grown);
            if (_pending.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_pending);
            }

            _pending = grown;
        }

        data.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength = needed;
    }

    private void Drop(int count)
    {
        _pending.AsSpan(count, _pendingLength - count).CopyTo(_pending);
        _pendingLength -= count;
        _pendingOffset += count;
    }
}
