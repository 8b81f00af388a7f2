using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest.Decoding;
using Metronome.Ingest.Framing;

namespace Metronome.Ingest;

/// <summary>
/// Decodes an <c>application/logplex-1</c> body: RFC 6587 octet-counted RFC 5424 messages (Logplex's variant
/// without STRUCTURED-DATA is detected by <see cref="StructuredDataMode.Auto"/>). Events keep the body's
/// order. Unframeable bytes become <c>unparsed</c> events and <see cref="DecodeErrorKind.Unframeable"/>
/// errors, so nothing is lost; whitespace between frames is dropped. Thread-safe.
/// </summary>
public static class LogplexDecoder
{
    /// <summary>Decodes a whole body into event objects.</summary>
    /// <returns>The number of well-framed messages, to compare with Logplex-Msg-Count.</returns>
    public static int Decode(ReadOnlySpan<byte> body, DrainContext context, List<Event> events, List<DecodeError> errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DecodeFrames(body, isFinalBlock: true, 0, context, events, errors, out _);
    }

    /// <summary>Decodes a whole body straight into <paramref name="writer"/> (the server's path: the same
    /// events as the object path, with no object or string per line).</summary>
    /// <returns>The number of well-framed messages, to compare with Logplex-Msg-Count.</returns>
    public static int Decode(ReadOnlySpan<byte> body, DrainContext context, EventBatchWriter writer, List<DecodeError> errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(errors);
        var sink = new BatchSink(writer);
        return DecodeFrames(body, isFinalBlock: true, 0, context, ref sink, errors, out _);
    }

    /// <summary>Decodes the frames that can be decided from <paramref name="buffer"/>; with
    /// <paramref name="isFinalBlock"/> false, stops where more bytes are needed.</summary>
    /// <returns>The number of well-framed messages; <paramref name="consumed"/> is the bytes used.</returns>
    internal static int DecodeFrames(
        ReadOnlySpan<byte> buffer,
        bool isFinalBlock,
        long baseOffset,
        DrainContext context,
        List<Event> events,
        List<DecodeError> errors,
        out int consumed)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(errors);
        var sink = new EventListSink(events);
        return DecodeFrames(buffer, isFinalBlock, baseOffset, context, ref sink, errors, out consumed);
    }

    /// <summary><see cref="DecodeFrames(ReadOnlySpan{byte}, bool, long, DrainContext, List{Event}, List{DecodeError}, out int)"/>
    /// into any sink.</summary>
    internal static int DecodeFrames<TSink>(
        ReadOnlySpan<byte> buffer,
        bool isFinalBlock,
        long baseOffset,
        DrainContext context,
        ref TSink sink,
        List<DecodeError> errors,
        out int consumed)
        where TSink : struct, IEventSink
    {
        var messages = 0;
        var reader = new OctetFrameReader(buffer, isFinalBlock);
        while (reader.Read(out var frame))
        {
            switch (frame.Kind)
            {
                case FrameKind.Message:
                    messages++;
                    SyslogDecoder.Decode(buffer.Slice(frame.MessageStart, frame.MessageLength), context, ref sink, errors, baseOffset + frame.MessageStart);
                    break;
                case FrameKind.Unframeable:
                    var chunk = buffer.Slice(frame.Start, frame.Length);
                    errors.Add(new DecodeError(DecodeErrorKind.Unframeable, baseOffset + frame.Start, frame.Length, frame.Error!));
                    EventFactory.Unparsed(chunk, frame.Error!, context, ref sink);
                    break;
            }
        }

        consumed = reader.Consumed;
        return messages;
    }
}
