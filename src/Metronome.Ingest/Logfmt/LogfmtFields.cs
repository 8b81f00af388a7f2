using Metronome.Core.Events;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Logfmt;

/// <summary>
/// Turns logfmt pairs into typed fields. Unquoted values become <c>long</c> (integers without leading
/// zeros), <c>double</c> (decimals) or <c>bool</c> (<c>true</c>/<c>false</c>); quoted values stay text;
/// <c>key=</c> is an empty string. Keys following Heroku's metric convention (<c>sample#</c>,
/// <c>measure#</c>, <c>count#</c>) lose the prefix, have <c>-</c> turned into <c>_</c>, and their value's
/// unit stripped into a <c>double</c> (<c>sample#memory_total=180.43MB</c> → <c>memory_total</c> = 180.43).
/// Bare words are not fields.
/// </summary>
internal static class LogfmtFields
{
    private const int MaxKeyLength = 128;

    /// <summary>Whether an app line reads as logfmt: the first token is a pair and at least half are.</summary>
    public static bool LooksLikeLogfmt(ReadOnlySpan<byte> text)
    {
        var reader = new LogfmtReader(text);
        var pairs = 0;
        var tokens = 0;
        while (reader.Read(out var token))
        {
            if (tokens == 0 && !token.IsPair)
            {
                return false;
            }

            tokens++;
            if (token.IsPair)
            {
                pairs++;
            }
        }

        return tokens > 0 && pairs * 2 >= tokens;
    }

    public static void AddAll(ReadOnlySpan<byte> text, FieldListBuilder fields)
    {
        var reader = new LogfmtReader(text);
        while (reader.Read(out var token))
        {
            if (token.IsPair)
            {
                AddPair(token, fields);
            }
        }
    }

    public static void AddPair(in LogfmtToken token, FieldListBuilder fields)
    {
        if (token.Key.Length > MaxKeyLength)
        {
            return;
        }

        var metricName = MetricName(token.Key);
        if (!metricName.IsEmpty)
        {
            AddMetric(metricName, token, fields);
            return;
        }

        fields.Add(Key(token.Key), TypedValue(token));
    }

    public static string Key(ReadOnlySpan<byte> key) => Utf8StringCache.Get(key);

    public static FieldValue TypedValue(in LogfmtToken token)
    {
        if (!token.IsQuoted && !token.Value.IsEmpty)
        {
            var value = token.Value;
            if (Utf8Number.TryParseInteger(value, out var integer))
            {
                return FieldValue.From(integer);
            }

            if (Utf8Number.TryParseNumber(value, out var number, out _))
            {
                return FieldValue.From(number);
            }

            if (value.SequenceEqual("true"u8))
            {
                return FieldValue.From(true);
            }

            if (value.SequenceEqual("false"u8))
            {
                return FieldValue.From(false);
            }
        }

        return FieldValue.From(Text(token));
    }

    /// <summary>The value as text: unescaped when quoted with escapes, cached when short.</summary>
    public static string Text(in LogfmtToken token) =>
        token.HasEscapes ? LogfmtUnescaper.Unescape(token.Value) : Utf8StringCache.Get(token.Value);

    /// <summary>Adds a metric sample under its normalised name; a value that is not a number stays text.</summary>
    public static void AddMetric(ReadOnlySpan<byte> name, in LogfmtToken token, FieldListBuilder fields)
    {
        Span<byte> normalised = stackalloc byte[name.Length];
        name.CopyTo(normalised);
        normalised.Replace((byte)'-', (byte)'_');
        var key = Utf8StringCache.Get(normalised);
        if (!token.IsQuoted && Utf8Number.TryParseWithUnit(token.Value, out var number, out _, out _))
        {
            fields.Add(key, FieldValue.From(number));
        }
        else
        {
            fields.Add(key, FieldValue.From(Text(token)));
        }
    }

    /// <summary>The name after a <c>sample#</c>, <c>measure#</c> or <c>count#</c> prefix; empty otherwise.</summary>
    public static ReadOnlySpan<byte> MetricName(ReadOnlySpan<byte> key)
    {
        if (key.StartsWith("sample#"u8))
        {
            return key[7..];
        }

        if (key.StartsWith("measure#"u8))
        {
            return key[8..];
        }

        return key.StartsWith("count#"u8) ? key[6..] : default;
    }
}
