using System.Globalization;

namespace Metronome.Ingest.Text;

/// <summary>Span-based number recognition for logfmt-style values. Integers keep their exact value as
/// <c>long</c>; anything with a fraction or exponent is a <c>double</c>.</summary>
internal static class Utf8Number
{
    private const int MaxLongDigits = 18;

    /// <summary>Parses <c>-?[0-9]+</c> without leading zeros (so <c>007</c> stays text).</summary>
    public static bool TryParseInteger(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var negative = text.Length > 0 && text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.Length is 0 or > MaxLongDigits || (digits[0] == '0' && digits.Length > 1))
        {
            return false;
        }

        long result = 0;
        foreach (var b in digits)
        {
            if (!Utf8Text.IsDigit(b))
            {
                return false;
            }

            result = (result * 10) + (b - '0');
        }

        value = negative ? -result : result;
        return true;
    }

    /// <summary>Parses an integer or a decimal number (<c>0.38</c>, <c>-1.5e3</c>).</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> text, out double value, out bool isInteger)
    {
        isInteger = false;
        var length = NumberPrefixLength(text);
        if (length == 0 || length != text.Length)
        {
            value = 0;
            return false;
        }

        var digits = text[0] == '-' ? text[1..] : text;
        if (digits.Length > 1 && digits[0] == '0' && Utf8Text.IsDigit(digits[1]))
        {
            // "007", "01.5": identifiers more often than numbers.
            value = 0;
            return false;
        }

        if (TryParseInteger(text, out var integer))
        {
            isInteger = true;
            value = integer;
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Length of the leading number <c>-?\d+(\.\d+)?([eE][+-]?\d+)?</c>; 0 when there is none.</summary>
    public static int NumberPrefixLength(ReadOnlySpan<byte> text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        var intStart = i;
        while (i < text.Length && Utf8Text.IsDigit(text[i]))
        {
            i++;
        }

        if (i == intStart)
        {
            return 0;
        }

        if (i + 1 < text.Length && text[i] == '.' && Utf8Text.IsDigit(text[i + 1]))
        {
            i += 2;
            while (i < text.Length && Utf8Text.IsDigit(text[i]))
            {
                i++;
            }
        }

        if (i + 1 < text.Length && (text[i] | 0x20) == 'e')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is (byte)'+' or (byte)'-')
            {
                j++;
            }

            if (j < text.Length && Utf8Text.IsDigit(text[j]))
            {
                while (j < text.Length && Utf8Text.IsDigit(text[j]))
                {
                    j++;
                }

                i = j;
            }
        }

        return i;
    }

    /// <summary>Splits <c>180.43MB</c>, <c>84329pages</c>, <c>30000ms</c> into a number and a unit of letters
    /// (or <c>%</c>); false when the text is not a number optionally followed by such a unit.</summary>
    public static bool TryParseWithUnit(ReadOnlySpan<byte> text, out double value, out bool isInteger, out ReadOnlySpan<byte> unit)
    {
        unit = default;
        var length = NumberPrefixLength(text);
        if (length == 0)
        {
            value = 0;
            isInteger = false;
            return false;
        }

        var rest = text[length..];
        if (rest.Length > 16)
        {
            value = 0;
            isInteger = false;
            return false;
        }

        foreach (var b in rest)
        {
            if (!Utf8Text.IsLetter(b) && b != '%')
            {
                value = 0;
                isInteger = false;
                return false;
            }
        }

        unit = rest;
        return TryParseNumber(text[..length], out value, out isInteger);
    }
}
