using System.Globalization;
using Metronome.Core.Events;

namespace Metronome.Query.Execution;

/// <summary>The value rules of the language. Parsed fields are strings; Sumo converts a string to a
/// number wherever a number is clearly needed (arithmetic, ordering, numeric aggregates), and compares
/// with <c>=</c> numerically when one side is a number and the other reads as one, else as
/// case-sensitive strings. Null never equals anything.</summary>
public static class Values
{
    public static FieldValue Of(string? text) => text is null ? FieldValue.Null : FieldValue.From(text);

    public static bool TryNumber(in FieldValue value, out double number)
    {
        if (value.TryGetNumber(out number))
        {
            return true;
        }

        if (value.Kind == FieldKind.String)
        {
            return TryParseNumber(value.AsString, out number);
        }

        return false;
    }

    public static bool TryParseNumber(ReadOnlySpan<char> text, out double number)
    {
        text = text.Trim();
        if (text.Length == 0 || text.Length > 64)
        {
            number = 0;
            return false;
        }

        // Reject words that double.TryParse accepts (Infinity, NaN) so "NaN" stays a string.
        var c = text[0];
        if (!(char.IsAsciiDigit(c) || c is '-' or '+' or '.'))
        {
            number = 0;
            return false;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    public static bool IsNumeric(in FieldValue value) => value.Kind is FieldKind.Long or FieldKind.Double;

    public static bool Truthy(in FieldValue value) => value.Kind switch
    {
        FieldKind.Bool => value.AsBool,
        FieldKind.Long => value.AsLong != 0,
        FieldKind.Double => value.AsDouble != 0,
        FieldKind.String => string.Equals(value.AsString, "true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public static string? Text(in FieldValue value) => value.IsNull ? null : value.ToString();

    public static bool AreEqual(in FieldValue left, in FieldValue right)
    {
        if (left.IsNull || right.IsNull)
        {
            return false;
        }

        if (left.Kind == FieldKind.String && right.Kind == FieldKind.String)
        {
            return string.Equals(left.AsString, right.AsString, StringComparison.Ordinal);
        }

        if ((IsNumeric(left) || IsNumeric(right)) && TryNumber(left, out var a) && TryNumber(right, out var b))
        {
            return a == b;
        }

        return string.Equals(left.ToString(), right.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Ordering for comparisons: numeric when both sides read as numbers, else ordinal text.
    /// Null sorts first. Returns null when a comparison with null was asked (the comparison is false).</summary>
    public static int? Compare(in FieldValue left, in FieldValue right)
    {
        if (left.IsNull || right.IsNull)
        {
            return null;
        }

        if (TryNumber(left, out var a) && TryNumber(right, out var b))
        {
            return a.CompareTo(b);
        }

        return string.CompareOrdinal(left.ToString(), right.ToString());
    }

    /// <summary>Sort order of <c>sort</c>: nulls last in descending, first in ascending; numbers by value
    /// (aggregates are numbers); strings ordinal, so case-sensitive. Numbers sort before strings.</summary>
    public static int SortCompare(in FieldValue left, in FieldValue right)
    {
        if (left.IsNull || right.IsNull)
        {
            return left.IsNull == right.IsNull ? 0 : left.IsNull ? -1 : 1;
        }

        var leftNumber = left.TryGetNumber(out var a);
        var rightNumber = right.TryGetNumber(out var b);
        if (leftNumber && rightNumber)
        {
            return a.CompareTo(b);
        }

        if (leftNumber != rightNumber)
        {
            return leftNumber ? -1 : 1;
        }

        return string.CompareOrdinal(left.ToString(), right.ToString());
    }
}
