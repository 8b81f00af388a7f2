using System.Buffers;
using System.Buffers.Text;
using System.Text.Unicode;
using Metronome.Core.Events;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Ticks;

/// <summary>
/// The fast path for what nearly every tick is: one flat JSON object of plain strings (no escapes),
/// numbers, booleans and nulls. It reads the bytes directly instead of through the general JSON reader
/// (a third of decoding), and gives up, leaving the tick untouched, at anything else: escapes, nested
/// values, malformed or unusual input. The general reader then decodes the tick, so results and error
/// messages are the same either way.
/// </summary>
public sealed partial class TickDecoder
{
    /// <summary>Bytes that end a plain string: the closing quote, an escape, or a control character
    /// (which JSON does not allow inside strings).</summary>
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    private static bool TryDecodeFlat(ReadOnlySpan<byte> json, int index, TickBuilder builder, TickDecodeResult result)
    {
        int i = SkipWhitespace(json, 0);
        if (i >= json.Length || json[i] != '{')
        {
            return false;
        }

        builder.Reset();
        i = SkipWhitespace(json, i + 1);
        if (i < json.Length && json[i] == '}')
        {
            i++;
        }
        else
        {
            for (int position = 0; ; position++)
            {
                if (!TryString(json, ref i, out var keyBytes))
                {
                    return false;
                }

                i = SkipWhitespace(json, i);
                if (i >= json.Length || json[i] != ':')
                {
                    return false;
                }

                i = SkipWhitespace(json, i + 1);
                if (i >= json.Length || !TryMember(json, ref i, builder.KeyOf(keyBytes, position), builder))
                {
                    return false;
                }

                i = SkipWhitespace(json, i);
                if (i < json.Length && json[i] == ',')
                {
                    i = SkipWhitespace(json, i + 1);
                    continue;
                }

                if (i < json.Length && json[i] == '}')
                {
                    i++;
                    break;
                }

                return false;
            }
        }

        if (SkipWhitespace(json, i) != json.Length)
        {
            return false;
        }

        builder.Finish(index, result);
        return true;
    }

    private static bool TryMember(ReadOnlySpan<byte> json, ref int i, TickKey key, TickBuilder builder)
    {
        switch (json[i])
        {
            case (byte)'"':
                if (!TryString(json, ref i, out var value))
                {
                    return false;
                }

                if (TickBuilder.IsReserved(key.Name))
                {
                    builder.Add(key.Name, Utf8StringCache.Get(value));
                }
                else
                {
                    builder.AddUtf8(key, value);
                }

                return true;
            case (byte)'t' when json[i..].StartsWith("true"u8):
                i += 4;
                builder.Add(key, true);
                return true;
            case (byte)'f' when json[i..].StartsWith("false"u8):
                i += 5;
                builder.Add(key, false);
                return true;
            case (byte)'n' when json[i..].StartsWith("null"u8):
                i += 4;
                return true;
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                return TryNumber(json, ref i, key, builder);
            default:
                return false;
        }
    }

    /// <summary>A plain string at <paramref name="i"/> (on its opening quote): its bytes, valid UTF-8.</summary>
    private static bool TryString(ReadOnlySpan<byte> json, ref int i, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (i >= json.Length || json[i] != '"')
        {
            return false;
        }

        var rest = json[(i + 1)..];
        int end = rest.IndexOfAny(StringStops);
        if (end < 0 || rest[end] != '"' || !Utf8.IsValid(rest[..end]))
        {
            return false;
        }

        text = rest[..end];
        i += end + 2;
        return true;
    }

    /// <summary>A JSON number: a long when it is an integer that fits (as the general reader's
    /// TryGetInt64 decides), else a finite double.</summary>
    private static bool TryNumber(ReadOnlySpan<byte> json, ref int i, TickKey key, TickBuilder builder)
    {
        int start = i;
        int at = i;
        if (json[at] == '-')
        {
            at++;
        }

        int digits = CountDigits(json, at);
        if (digits == 0 || (digits > 1 && json[at] == '0'))
        {
            return false;
        }

        at += digits;
        bool integer = true;
        if (at < json.Length && json[at] == '.')
        {
            int fraction = CountDigits(json, at + 1);
            if (fraction == 0)
            {
                return false;
            }

            at += 1 + fraction;
            integer = false;
        }

        if (at < json.Length && (json[at] == 'e' || json[at] == 'E'))
        {
            at++;
            if (at < json.Length && (json[at] == '+' || json[at] == '-'))
            {
                at++;
            }

            int exponent = CountDigits(json, at);
            if (exponent == 0)
            {
                return false;
            }

            at += exponent;
            integer = false;
        }

        var number = json[start..at];
        if (integer && Utf8Parser.TryParse(number, out long whole, out int used) && used == number.Length)
        {
            builder.Add(key, FieldValue.From(whole));
        }
        else if (Utf8Parser.TryParse(number, out double real, out used) && used == number.Length && double.IsFinite(real))
        {
            builder.Add(key, FieldValue.From(real));
        }
        else
        {
            return false;
        }

        i = at;
        return true;
    }

    private static int CountDigits(ReadOnlySpan<byte> json, int at)
    {
        int n = 0;
        while (at + n < json.Length && (uint)(json[at + n] - '0') <= 9)
        {
            n++;
        }

        return n;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }
}
