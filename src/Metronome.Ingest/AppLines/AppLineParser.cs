using Metronome.Ingest.Logfmt;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.AppLines;

/// <summary>
/// App output and plain syslog messages. Detected in this order:
/// <list type="number">
/// <item><c>@[tag] {json}</c> (Treasure Data's convention): the event is named <c>tag</c> and the JSON
/// members become properties; <c>@[] {json}</c> keeps the name <c>log</c>.</item>
/// <item>A JSON object (<c>{...}</c>, e.g. lograge): members become properties.</item>
/// <item>logfmt (first token <c>key=value</c>, at least half the tokens pairs): pairs become properties.</item>
/// </list>
/// Anything else is plain text, searchable through <c>message</c> and <c>_raw</c>.
/// </summary>
internal static class AppLineParser
{
    public const int MaxTagLength = 128;

    /// <summary>Adds the line's properties; returns the event name and, for an <c>@[tag]</c> line whose JSON
    /// is invalid, an error.</summary>
    public static string Parse(ReadOnlySpan<byte> msg, FieldListBuilder fields, out string? payloadError)
    {
        payloadError = null;
        var text = Utf8Text.TrimSpaces(msg);
        if (text.IsEmpty)
        {
            return EventNames.Log;
        }

        if (text.StartsWith("@["u8) && TryReadTag(text, out var tag, out var payload))
        {
            var name = tag.IsEmpty ? EventNames.Log : Utf8StringCache.Get(tag);
            if (payload.IsEmpty || payload[0] != '{' || !JsonFields.TryAddObject(payload, fields))
            {
                payloadError = AppLineErrors.InvalidTaggedJson;
            }

            return name;
        }

        if (text[0] == '{' && text[^1] == '}')
        {
            JsonFields.TryAddObject(text, fields);
        }
        else if (LogfmtFields.LooksLikeLogfmt(text))
        {
            LogfmtFields.AddAll(text, fields);
        }

        return EventNames.Log;
    }

    /// <summary>Reads <c>@[tag]</c>: the tag may be empty and may not contain spaces, quotes or control bytes.</summary>
    private static bool TryReadTag(ReadOnlySpan<byte> text, out ReadOnlySpan<byte> tag, out ReadOnlySpan<byte> payload)
    {
        tag = default;
        payload = default;
        var close = text.IndexOf((byte)']');
        if (close < 2 || close - 2 > MaxTagLength)
        {
            return false;
        }

        tag = text[2..close];
        foreach (var b in tag)
        {
            if (b <= ' ' || b is (byte)'"' or (byte)'[' or 0x7F)
            {
                return false;
            }
        }

        payload = Utf8Text.TrimSpaces(text[(close + 1)..]);
        return true;
    }
}
