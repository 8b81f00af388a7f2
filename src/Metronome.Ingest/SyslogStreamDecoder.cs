using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
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

    public void Push(ReadOnlySpan<byte> data, DrainContext context, EventBatchWriter events, List<DecodeError> errors)
    {
        _bytesReceived += data.Length;
        _sink.Bind(context, events, errors);
        _framer.Push(data, _sink);
    }

    public void Complete(DrainContext context, EventBatchWriter events, List<DecodeError> errors)
    {
        _sink.Bind(context, events, errors);
        _framer.Complete(_sink);
    }

    public void Dispose() => _framer.Dispose();

    /// <summary>Frames go to the events of the current push: objects or the encoded form.</summary>
    private sealed class Sink : IFrameSink
    {
        private DrainContext? _context;
        private List<Event>? _events;
        private EventBatchWriter? _writer;
        private List<DecodeError> _errors = [];

        public void Bind(DrainContext context, List<Event> events, List<DecodeError> errors)
        {
            ArgumentNullException.ThrowIfNull(events);
            Bind(context, errors);
            (_events, _writer) = (events, null);
        }

        public void Bind(DrainContext context, EventBatchWriter events, List<DecodeError> errors)
        {
            ArgumentNullException.ThrowIfNull(events);
            Bind(context, errors);
            (_events, _writer) = (null, events);
        }

        public void OnMessage(ReadOnlySpan<byte> message, long streamOffset)
        {
            if (_writer is not null)
            {
                var batch = new BatchSink(_writer);
                SyslogDecoder.Decode(message, _context!, ref batch, _errors, streamOffset);
                return;
            }

            var list = new EventListSink(_events!);
            SyslogDecoder.Decode(message, _context!, ref list, _errors, streamOffset);
        }

        public void OnUnframeable(ReadOnlySpan<byte> bytes, long streamOffset, string reason)
        {
            _errors.Add(new DecodeError(DecodeErrorKind.Unframeable, streamOffset, bytes.Length, reason));
            if (_writer is not null)
            {
                var batch = new BatchSink(_writer);
                EventFactory.Unparsed(bytes, reason, _context!, ref batch);
                return;
            }

            var list = new EventListSink(_events!);
            EventFactory.Unparsed(bytes, reason, _context!, ref list);
        }

        private void Bind(DrainContext context, List<DecodeError> errors)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(errors);
            _context = context;
            _errors = errors;
        }
    }
}
