using Metronome.Core.Events;
using Metronome.Ingest.Heroku;
using Metronome.Ingest.Logfmt;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Tests.Heroku;

/// <summary>The plain way to parse a router line, kept as the oracle for <see cref="RouterLineParser"/>'s fast
/// path: every key is decoded to a string, classified by name and added through the builder's checked
/// <see cref="FieldListBuilder.Add"/>.</summary>
internal static class RouterLineReference
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

            var key = System.Text.Encoding.UTF8.GetString(token.Key);
            switch (KindOf(key))
            {
                case RouterKeyKind.Milliseconds:
                    if (!token.Value.IsEmpty)
                    {
                        var digits = token.Value.EndsWith("ms"u8) ? token.Value[..^2] : token.Value;
                        fields.Add(key, Utf8Number.TryParseInteger(digits, out var ms) ? FieldValue.From(ms) : LogfmtFields.Text(token));
                    }

                    break;
                case RouterKeyKind.Integer:
                    if (!token.Value.IsEmpty)
                    {
                        fields.Add(key, Utf8Number.TryParseInteger(token.Value, out var number) ? FieldValue.From(number) : LogfmtFields.Text(token));
                    }

                    break;
                case RouterKeyKind.Bool:
                    fields.Add(key, token.Value.SequenceEqual("true"u8) ? true
                        : token.Value.SequenceEqual("false"u8) ? false : LogfmtFields.Text(token));
                    break;
                case RouterKeyKind.UniqueText:
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

    private static RouterKeyKind KindOf(string key) => key switch
    {
        "at" or "path" or "host" or "dyno" or "desc" or "sock" or "cause" or "agent" or "method" or "protocol" or "tls_version" => RouterKeyKind.Text,
        "fwd" or "request_id" => RouterKeyKind.UniqueText,
        "tls" => RouterKeyKind.Bool,
        "code" => RouterKeyKind.Code,
        "bytes" or "status" => RouterKeyKind.Integer,
        "connect" or "service" => RouterKeyKind.Milliseconds,
        _ => RouterKeyKind.Other,
    };
}
