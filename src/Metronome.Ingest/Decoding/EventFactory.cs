using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Metronome.Core.Events;
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
        var fields = FieldListBuilder.Rent();
        AddSource(fields, context);
        AddIfPresent(fields, FieldNames.SourceHost, syslog.Hostname);
        AddIfPresent(fields, IngestFieldNames.SyslogApp, syslog.AppName);
        AddIfPresent(fields, IngestFieldNames.Proc, syslog.ProcId);
        fields.AddReserved(IngestFieldNames.Facility, SyslogPriority.FacilityName(syslog.Priority));
        fields.AddReserved(IngestFieldNames.Severity, SyslogPriority.SeverityName(syslog.Priority));
        AddIfPresent(fields, IngestFieldNames.MsgId, syslog.MsgId);
        if (!syslog.StructuredData.IsEmpty)
        {
            fields.AddReservedUtf8(IngestFieldNames.StructuredData, syslog.StructuredData);
        }

        var msg = syslog.Msg.StartsWith(ByteOrderMark) ? syslog.Msg[3..] : syslog.Msg;
        fields.AddReservedUtf8(FieldNames.Raw, syslog.Raw);
        int msgAt = syslog.Raw.Length - msg.Length;
        if (msgAt >= 0 && Unsafe.AreSame(ref Unsafe.Add(ref MemoryMarshal.GetReference(syslog.Raw), msgAt), ref MemoryMarshal.GetReference(msg)))
        {
            // MSG ends the message, so message is the end of _raw: stored once.
            fields.AddReservedUtf8Suffix(FieldNames.Message, msgAt);
        }
        else
        {
            fields.AddReservedUtf8(FieldNames.Message, msg);
        }

        fields.MarkParsedText();

        var name = MessageBodyParser.Parse(syslog.AppName, syslog.ProcId, msg, fields, out var payloadError);

        var timeUs = syslog.HasTime ? syslog.TimeUs : context.ReceiptTimeUs;
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

        AddTags(fields, context);
        sink.Add(fields, context.App, name, timeUs, context.ReceiptTimeUs);
    }

    /// <summary>An event for bytes that could not be framed or parsed: <c>_raw</c> holds them (invalid UTF-8
    /// replaced), <c>_parseerror</c> says why, and the time is the receipt time.</summary>
    public static void Unparsed<TSink>(ReadOnlySpan<byte> bytes, string reason, DrainContext context, ref TSink sink)
        where TSink : struct, IEventSink
    {
        var fields = FieldListBuilder.Rent();
        AddSource(fields, context);
        fields.AddReservedUtf8(FieldNames.Raw, bytes);
        fields.AddReserved(IngestFieldNames.ParseError, reason);
        AddTags(fields, context);
        sink.Add(fields, context.App, EventNames.Unparsed, context.ReceiptTimeUs, context.ReceiptTimeUs);
    }

    private static void AddSource(FieldListBuilder fields, DrainContext context)
    {
        if (context.SourceCategory.Length > 0)
        {
            fields.AddReserved(FieldNames.SourceCategory, context.SourceCategory);
        }

        if (context.SourceName.Length > 0)
        {
            fields.AddReserved(FieldNames.SourceName, context.SourceName);
        }
    }

    /// <summary>Set after parsing, so a parsed key of the same name cannot duplicate or hide a tag.</summary>
    private static void AddTags(FieldListBuilder fields, DrainContext context)
    {
        // Indexed: a foreach over the interface would allocate an enumerator per event.
        var tags = context.Tags;
        for (int i = 0; i < tags.Count; i++)
        {
            fields.Set(tags[i].Key, tags[i].Value, repeated: true);
        }
    }

    private static void AddIfPresent(FieldListBuilder fields, string key, ReadOnlySpan<byte> value)
    {
        if (!value.IsEmpty)
        {
            fields.AddReserved(key, Utf8StringCache.Get(value));
        }
    }
}
