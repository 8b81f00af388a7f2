using Metronome.Core.Events;
using Metronome.Ingest.Decoding;
using Metronome.Ingest.Syslog;

namespace Metronome.Ingest;

/// <summary>
/// Decodes one syslog message (a UDP datagram, a framed TCP message, a logplex frame's content): RFC 5424
/// or RFC 3164, told apart by what follows PRI. Always adds exactly one event: a message that is not
/// syslog becomes an <c>unparsed</c> event and a <see cref="DecodeErrorKind.MalformedSyslog"/> error.
/// Thread-safe.
/// </summary>
public static class SyslogDecoder
{
    /// <param name="message">The message without framing; one trailing LF is stripped.</param>
    /// <param name="offset">Where the message starts in the caller's input, for error positions.</param>
    public static void Decode(ReadOnlySpan<byte> message, DrainContext context, List<Event> events, List<DecodeError> errors, long offset = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(errors);
        var sink = new EventListSink(events);
        Decode(message, context, ref sink, errors, offset);
    }

    internal static void Decode<TSink>(ReadOnlySpan<byte> message, DrainContext context, ref TSink sink, List<DecodeError> errors, long offset)
        where TSink : struct, IEventSink
    {
        if (SyslogParser.TryParse(message, context.StructuredData, context.ReceiptTimeUs, out var syslog, out var error))
        {
            EventFactory.FromSyslog(syslog, context, offset, errors, ref sink);
            return;
        }

        errors.Add(new DecodeError(DecodeErrorKind.MalformedSyslog, offset, message.Length, error!));
        EventFactory.Unparsed(message, error!, context, ref sink);
    }
}
