using Metronome.Core.Events;
using Metronome.Ingest.Logfmt;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Heroku;

/// <summary>
/// Heroku router lines (<c>heroku router</c>, heroku-log-formats.md 2.1): every logfmt key becomes a field.
/// <c>connect</c> and <c>service</c> are milliseconds as <c>long</c> (<c>22ms</c> and bare <c>0</c> alike),
/// <c>status</c> and <c>bytes</c> are <c>long</c>; when one of those four is empty (<c>connect=</c>, "not
/// applicable") the field is omitted rather than given a string or 0. <c>tls</c> is a bool; the documented
/// text keys stay strings even when they look numeric; unknown keys are typed like any logfmt. A line with
/// a <c>code</c> also gets <c>code_description</c>.
/// </summary>
internal static class RouterLineParser
{
    public static void Parse(ReadOnlySpan<byte> msg, FieldListBuilder fields)
    {
        string? code = null;
        var reader = new LogfmtReader(msg);
        while (reader.Read(out var token))
        {
            if (!token.IsPair)
            {
                continue;
            }

            var kind = RouterKeys.Classify(token.Key, out var key);
            switch (kind)
            {
                case RouterKeyKind.Milliseconds:
                    AddMilliseconds(key, token, fields);
                    break;
                case RouterKeyKind.Integer:
                    AddInteger(key, token, fields);
                    break;
                case RouterKeyKind.Bool:
                    fields.Add(key, token.Value.SequenceEqual("true"u8) ? true
                        : token.Value.SequenceEqual("false"u8) ? false : LogfmtFields.Text(token));
                    break;
                case RouterKeyKind.UniqueText:
                    // Nearly unique per request: not worth a cache slot.
                    fields.Add(key, token.HasEscapes ? LogfmtFields.Text(token) : Utf8Text.Decode(token.Value));
                    break;
                case RouterKeyKind.Code:
                    code = LogfmtFields.Text(token);
                    fields.Add(key, code);
                    break;
                case RouterKeyKind.Text:
                    fields.Add(key, LogfmtFields.Text(token));
                    break;
                default:
                    LogfmtFields.AddPair(token, fields);
                    break;
            }
        }

        if (code is not null && HerokuErrorCodes.Find(code) is { } known)
        {
            fields.Add(IngestFieldNames.CodeDescription, known.Description);
        }
    }

    private static void AddMilliseconds(string key, in LogfmtToken token, FieldListBuilder fields)
    {
        var value = token.Value;
        if (value.IsEmpty)
        {
            return;
        }

        if (value.EndsWith("ms"u8))
        {
            value = value[..^2];
        }

        fields.Add(key, Utf8Number.TryParseInteger(value, out var ms) ? FieldValue.From(ms) : LogfmtFields.Text(token));
    }

    private static void AddInteger(string key, in LogfmtToken token, FieldListBuilder fields)
    {
        if (token.Value.IsEmpty)
        {
            return;
        }

        fields.Add(key, Utf8Number.TryParseInteger(token.Value, out var number) ? FieldValue.From(number) : LogfmtFields.Text(token));
    }
}
