using System.Buffers;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest.Decoding;

namespace Metronome.Ingest;

/// <summary>
/// Logplex frames from a stream (<c>import --format logplex</c>: files of concatenated bodies): the same
/// decisions as <see cref="LogplexDecoder"/>, with the undecided tail kept between pushes.
/// </summary>
public sealed class LogplexStreamDecoder : IStreamDecoder
{
    private byte[] _pending = [];
    private int _pendingLength;
    private long _pendingOffset;
    private long _bytesReceived;

    public long BytesReceived => _bytesReceived;

    /// <summary>Well-framed messages decoded so far.</summary>
    public long Messages { get; private set; }

    public void Push(ReadOnlySpan<byte> data, DrainContext context, List<Event> events, List<DecodeError> errors)
    {
        ArgumentNullException.ThrowIfNull(events);
        var sink = new EventListSink(events);
        Push(data, context, ref sink, errors);
    }

    public void Complete(DrainContext context, List<Event> events, List<DecodeError> errors)
    {
        ArgumentNullException.ThrowIfNull(events);
        var sink = new EventListSink(events);
        Decode(isFinalBlock: true, context, ref sink, errors);
    }

    public void Push(ReadOnlySpan<byte> data, DrainContext context, EventBatchWriter events, List<DecodeError> errors)
    {
        ArgumentNullException.ThrowIfNull(events);
        var sink = new BatchSink(events);
        Push(data, context, ref sink, errors);
    }

    public void Complete(DrainContext context, EventBatchWriter events, List<DecodeError> errors)
    {
        ArgumentNullException.ThrowIfNull(events);
        var sink = new BatchSink(events);
        Decode(isFinalBlock: true, context, ref sink, errors);
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

    private void Push<TSink>(ReadOnlySpan<byte> data, DrainContext context, ref TSink sink, List<DecodeError> errors)
        where TSink : struct, IEventSink
    {
        _bytesReceived += data.Length;
        Append(data);
        Decode(isFinalBlock: false, context, ref sink, errors);
    }

    private void Decode<TSink>(bool isFinalBlock, DrainContext context, ref TSink sink, List<DecodeError> errors)
        where TSink : struct, IEventSink
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(errors);
        Messages += LogplexDecoder.DecodeFrames(_pending.AsSpan(0, _pendingLength), isFinalBlock, _pendingOffset, context, ref sink, errors, out var consumed);
        _pending.AsSpan(consumed, _pendingLength - consumed).CopyTo(_pending);
        _pendingLength -= consumed;
        _pendingOffset += consumed;
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        var needed = _pendingLength + data.Length;
        if (needed > _pending.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(64 * 1024, _pending.Length * 2)));
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
}
