using Metronome.Core.Events;
using Metronome.Ingest.Decoding;
using Metronome.Ingest.Framing;

namespace Metronome.Ingest;

/// <summary>
/// Syslog over a stream (the TCP listener, <c>import --format syslog</c>): octet-counted or LF/CRLF/NUL
/// delimited messages, detected per message as rsyslog does, each decoded by <see cref="SyslogDecoder"/>.
/// </summary>
public sealed class SyslogStreamDecoder : IStreamDecoder
{
    private readonly SyslogStreamFramer _framer;
    private readonly Sink _sink = new();
    private long _bytesReceived;

    public SyslogStreamDecoder(int maxMessageLength = SyslogStreamFramer.DefaultMaxMessageLength) =>
        _framer = new SyslogStreamFramer(maxMessageLength);

    public long BytesReceived => _bytesReceived;

    public void Push(ReadOnlySpan<byte> data, DrainContext context, List<Event> events, List<DecodeError> errors)
    {
        _bytesReceived += data.Length;
        _sink.Bind(context, events, errors);
        _framer.Push(data, _sink);
    }

    public void Complete(DrainContext context, List<Event> events, List<DecodeError> errors)
    {
        _sink.Bind(context, events, errors);
        _framer.Complete(_sink);
    }

    public void Dispose() => _framer.Dispose();

    private sealed class Sink : IFrameSink
    {
        private DrainContext? _context;
        private List<Event> _events = [];
        private List<DecodeError> _errors = [];

        public void Bind(DrainContext context, List<Event> events, List<DecodeError> errors)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(events);
            ArgumentNullException.ThrowIfNull(errors);
            _context = context;
            _events = events;
            _errors = errors;
        }

        public void OnMessage(ReadOnlySpan<byte> message, long streamOffset) =>
            SyslogDecoder.Decode(message, _context!, _events, _errors, streamOffset);

        public void OnUnframeable(ReadOnlySpan<byte> bytes, long streamOffset, string reason)
        {
            _errors.Add(new DecodeError(DecodeErrorKind.Unframeable, streamOffset, bytes.Length, reason));
            var sink = new EventListSink(_events);
            EventFactory.Unparsed(bytes, reason, _context!, ref sink);
        }
    }
}
