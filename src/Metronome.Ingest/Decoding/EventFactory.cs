using Metronome.Core.Events;
using Metronome.Ingest.Syslog;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Decoding;

/// <summary>Builds events: the syslog envelope fields every event keeps, then the fields parsed from MSG.</summary>
internal static class EventFactory
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public static Event FromSyslog(in SyslogMessage syslog, DrainContext context, long offset, List<DecodeError> errors)
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
            fields.AddReserved(IngestFieldNames.StructuredData, Utf8Text.Decode(syslog.StructuredData));
        }

        var msg = syslog.Msg.StartsWith(ByteOrderMark) ? syslog.Msg[3..] : syslog.Msg;
        var raw = Utf8Text.Decode(syslog.Raw);
        var message = MessageText(syslog.Raw, raw, msg);
        fields.AddReserved(FieldNames.Message, message);
        fields.AddReserved(FieldNames.Raw, raw);

        var name = MessageBodyParser.Parse(syslog.AppName, syslog.ProcId, msg, message, fields, out var payloadError);

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
        return new Event(context.App, name, timeUs, context.ReceiptTimeUs, fields.ToArray());
    }

    /// <summary>MSG as text. When everything before it is ASCII (always, in practice), no UTF-8 sequence can
    /// straddle the boundary, so byte and char offsets agree and MSG is cut from <paramref name="raw"/>: a
    /// copy instead of a second decode.</summary>
    private static string MessageText(ReadOnlySpan<byte> rawBytes, string raw, ReadOnlySpan<byte> msg)
    {
        if (msg.IsEmpty)
        {
            return "";
        }

        var msgOffset = rawBytes.Length - msg.Length;
        return System.Text.Ascii.IsValid(rawBytes[..msgOffset]) ? raw[msgOffset..] : Utf8Text.Decode(msg);
    }

    /// <summary>An event for bytes that could not be framed or parsed: <c>_raw</c> holds them (invalid UTF-8
    /// replaced), <c>_parseerror</c> says why, and the time is the receipt time.</summary>
    public static Event Unparsed(ReadOnlySpan<byte> bytes, string reason, DrainContext context)
    {
        var fields = FieldListBuilder.Rent();
        AddSource(fields, context);
        fields.AddReserved(FieldNames.Raw, Utf8Text.Decode(bytes));
        fields.AddReserved(IngestFieldNames.ParseError, reason);
        AddTags(fields, context);
        return new Event(context.App, EventNames.Unparsed, context.ReceiptTimeUs, context.ReceiptTimeUs, fields.ToArray());
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
            fields.Set(tags[i].Key, tags[i].Value);
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
