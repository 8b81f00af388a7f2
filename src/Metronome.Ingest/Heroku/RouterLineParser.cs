using System.Collections.Frozen;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest.Decoding;
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
    private static readonly BatchKey CodeDescriptionKey = new(IngestFieldNames.CodeDescription);

    private static readonly FrozenSet<string> KeysAdded =
        RouterKeys.All.Select(k => k.Name).Append(CodeDescriptionKey.Name).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Most keys are told apart from all of KeysAdded by their KeyShape alone.
    private static readonly ulong KeyShapes = KeysAdded.Aggregate(0UL, (shapes, key) => shapes | KeyShape.Of(key));

    public static void Parse(ReadOnlySpan<byte> msg, FieldListBuilder fields)
    {
        var target = new FieldListFields(fields);
        Parse(msg, ref target);
    }

    /// <summary>Adds the line's fields to <paramref name="fields"/>; false when it stopped at a key the target
    /// cannot take (see <see cref="IRouterFields.TryAddOther"/>).</summary>
    public static bool Parse<TFields>(ReadOnlySpan<byte> msg, ref TFields fields)
        where TFields : struct, IRouterFields
    {
        string? code = null;
        // Fast path: while every key so far is a documented one, a bit per key replaces the builder's scan of
        // the keys so far (known keys are distinct and never reserved). The first other key, which might
        // equal a known key in another case, sends the rest of the line through the checked Add.
        bool checkedAdds = fields.HasParsed;
        uint seen = 0;
        var reader = new LogfmtReader(msg);
        while (reader.Read(out var token))
        {
            if (!token.IsPair)
            {
                continue;
            }

            if (!RouterKeys.TryClassify(token.Key, out var key))
            {
                if (!fields.TryAddOther(token))
                {
                    return false;
                }

                checkedAdds = true;
                continue;
            }

            if (key.Kind is RouterKeyKind.Text or RouterKeyKind.UniqueText && !token.HasEscapes)
            {
                // Text as it arrived: the batch takes the bytes, no string is made for it (nor a copy: the
                // builder refers to MSG, and logfmt cuts values at ASCII bytes).
                if (checkedAdds)
                {
                    fields.AddUtf8Slice(key.Key, msg, token.Value, distinct: false);
                }
                else if ((seen & key.Bit) == 0)
                {
                    fields.AddUtf8Slice(key.Key, msg, token.Value, distinct: true);
                    seen |= key.Bit;
                }

                continue;
            }

            if (!TryTypedValue(key.Kind, token, out var value))
            {
                continue;
            }

            if (key.Kind == RouterKeyKind.Code)
            {
                code = value.AsString;
            }

            if (checkedAdds)
            {
                fields.Add(key.Key, value, distinct: false);
            }
            else if ((seen & key.Bit) == 0)
            {
                fields.Add(key.Key, value, distinct: true);
                seen |= key.Bit;
            }
        }

        if (code is not null && HerokuErrorCodes.Find(code) is { } known)
        {
            fields.Add(CodeDescriptionKey, known.Description, distinct: false);
        }

        return true;
    }

    /// <summary>Whether <paramref name="key"/> equals, ignoring case, a key that <see cref="Parse{TFields}"/>
    /// may add for a line of documented keys only.</summary>
    public static bool MayAdd(string key) =>
        (KeyShapes & KeyShape.Of(key)) != 0 && KeysAdded.Contains(key);

    /// <summary>The value as its key's type; false when it is omitted (an empty number means "not applicable").</summary>
    private static bool TryTypedValue(RouterKeyKind kind, in LogfmtToken token, out FieldValue value)
    {
        switch (kind)
        {
            case RouterKeyKind.Milliseconds:
                return TryNumber(token.Value.EndsWith("ms"u8) ? token.Value[..^2] : token.Value, token, out value);
            case RouterKeyKind.Integer:
                return TryNumber(token.Value, token, out value);
            case RouterKeyKind.Bool:
                value = token.Value.SequenceEqual("true"u8) ? true
                    : token.Value.SequenceEqual("false"u8) ? false : LogfmtFields.Text(token);
                return true;
            case RouterKeyKind.UniqueText:
                // Nearly unique per request: not worth a cache slot.
                value = token.HasEscapes ? LogfmtFields.Text(token) : Utf8Text.Decode(token.Value);
                return true;
            default:
                value = LogfmtFields.Text(token);
                return true;
        }
    }

    /// <summary>An integer from <paramref name="digits"/> (the value, less any unit), else the value as text.</summary>
    private static bool TryNumber(ReadOnlySpan<byte> digits, in LogfmtToken token, out FieldValue value)
    {
        if (token.Value.IsEmpty)
        {
            value = default;
            return false;
        }

        value = Utf8Number.TryParseInteger(digits, out var number) ? FieldValue.From(number) : LogfmtFields.Text(token);
        return true;
    }
}
