using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest.Heroku;
using Metronome.Ingest.Syslog;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Decoding;

/// <summary>Builds events: the syslog envelope fields every event keeps, then the fields parsed from MSG.</summary>
internal static class EventFactory
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>Builds the event of a parsed syslog message and hands it to <paramref name="sink"/>. <c>_raw</c>,
    /// <c>message</c> and STRUCTURED-DATA stay the message's bytes.</summary>
    public static void FromSyslog<TSink>(in SyslogMessage syslog, DrainContext context, long offset, List<DecodeError> errors, ref TSink sink)
        where TSink : struct, IEventSink
    {
        var msg = syslog.Msg.StartsWith(ByteOrderMark) ? syslog.Msg[3..] : syslog.Msg;
        var contextFields = ContextFields.Of(context);
        if (sink.Batch is { } batch && MessageBodyParser.IsRouterLine(syslog.AppName, syslog.ProcId)
            && TryWriteRouterEvent(syslog, msg, context, contextFields, batch))
        {
            return;
        }

        var fields = FieldListBuilder.Rent();
        var target = new FieldListFields(fields);
        AddEnvelope(syslog, msg, contextFields, ref target);
        fields.MarkParsedText();

        var name = MessageBodyParser.Parse(syslog.AppName, syslog.ProcId, msg, fields, out var payloadError);

        string? parseError = null;
        if (syslog.TimestampInvalid)
        {
            errors.Add(new DecodeError(DecodeErrorKind.MalformedTimestamp, offset, syslog.Raw.Length, SyslogErrors.BadTimestamp));
            parseError = SyslogErrors.BadTimestamp;
        }

        if (payloadError is not null)
        {
            errors.Add(new DecodeError(DecodeErrorKind.MalformedPayload, offset, syslog.Raw.Length, payloadError));
            parseError = parseError is null ? payloadError : parseError + "; " + payloadError;
        }

        if (parseError is not null)
        {
            fields.Set(IngestFieldNames.ParseError, parseError);
        }

        target.AddTags(contextFields);
        sink.Add(fields, context.App, name, TimeOf(syslog, context), context.ReceiptTimeUs);
    }

    /// <summary>An event for bytes that could not be framed or parsed: <c>_raw</c> holds them (invalid UTF-8
    /// replaced), <c>_parseerror</c> says why, and the time is the receipt time.</summary>
    public static void Unparsed<TSink>(ReadOnlySpan<byte> bytes, string reason, DrainContext context, ref TSink sink)
        where TSink : struct, IEventSink
    {
        var contextFields = ContextFields.Of(context);
        var fields = FieldListBuilder.Rent();
        var target = new FieldListFields(fields);
        target.AddReserved(contextFields.Source);
        fields.AddReservedUtf8(FieldNames.Raw, bytes);
        fields.AddReserved(IngestFieldNames.ParseError, reason);
        target.AddTags(contextFields);
        sink.Add(fields, context.App, EventNames.Unparsed, context.ReceiptTimeUs, context.ReceiptTimeUs);
    }

    /// <summary>Writes a router line's event straight into <paramref name="batch"/>, with the bytes the field
    /// list would give it, when the line needs none of the list's checks (see <see cref="BatchEventFields"/>):
    /// the list costs about a third of decoding, and router lines are most of a drain. False, with nothing
    /// written, for any other line.</summary>
    public static bool TryWriteRouterEvent(in SyslogMessage syslog, ReadOnlySpan<byte> msg, DrainContext context, ContextFields contextFields, EventBatchWriter batch)
    {
        if (syslog.TimestampInvalid || contextFields.EncodedTags is null || !Utf8.IsValid(syslog.Raw))
        {
            return false;
        }

        batch.BeginEvent(context.App, EventNames.Router, TimeOf(syslog, context), context.ReceiptTimeUs);
        var target = new BatchEventFields(batch);
        AddEnvelope(syslog, msg, contextFields, ref target);
        if (!RouterLineParser.Parse(msg, ref target))
        {
            batch.DiscardEvent();
            return false;
        }

        target.AddTags(contextFields);
        batch.EndEvent(target.Count);
        return true;
    }

    private static void AddEnvelope<TFields>(in SyslogMessage syslog, ReadOnlySpan<byte> msg, ContextFields context, ref TFields fields)
        where TFields : struct, IEnvelopeFields
    {
        fields.AddReserved(context.Source);
        AddIfPresent(EnvelopeKeys.SourceHost, syslog.Hostname, ref fields);
        AddIfPresent(EnvelopeKeys.SyslogApp, syslog.AppName, ref fields);
        AddIfPresent(EnvelopeKeys.Proc, syslog.ProcId, ref fields);
        fields.AddReserved(PriorityFields.Of(syslog.Priority));
        AddIfPresent(EnvelopeKeys.MsgId, syslog.MsgId, ref fields);
        if (!syslog.StructuredData.IsEmpty)
        {
            fields.AddReservedUtf8(EnvelopeKeys.StructuredData, syslog.StructuredData);
        }

        fields.AddReservedUtf8(EnvelopeKeys.Raw, syslog.Raw);
        int msgAt = syslog.Raw.Length - msg.Length;
        if (msgAt >= 0 && Unsafe.AreSame(ref Unsafe.Add(ref MemoryMarshal.GetReference(syslog.Raw), msgAt), ref MemoryMarshal.GetReference(msg)))
        {
            // MSG ends the message, so message is the end of _raw: stored once.
            fields.AddReservedUtf8Suffix(EnvelopeKeys.Message, msgAt);
        }
        else
        {
            fields.AddReservedUtf8(EnvelopeKeys.Message, msg);
        }
    }

    private static long TimeOf(in SyslogMessage syslog, DrainContext context) => syslog.HasTime ? syslog.TimeUs : context.ReceiptTimeUs;

    private static void AddIfPresent<TFields>(BatchKey key, ReadOnlySpan<byte> value, ref TFields fields)
        where TFields : struct, IEnvelopeFields
    {
        if (!value.IsEmpty)
        {
            fields.AddReservedToken(key, value);
        }
    }
}
