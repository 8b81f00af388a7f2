using System.Globalization;

namespace Metronome.Core.Events;

/// <summary>A typed property value: string, 64-bit integer, double or bool. A small struct so that
/// events carry no boxing.</summary>
public readonly struct FieldValue : IEquatable<FieldValue>
{
    private readonly long _bits;
    private readonly string? _text;

    private FieldValue(FieldKind kind, long bits, string? text)
    {
        Kind = kind;
        _bits = bits;
        _text = text;
    }

    public FieldKind Kind { get; }

    public static FieldValue Null => default;

    public bool IsNull => Kind == FieldKind.Null;

    public static FieldValue From(string value) => new(FieldKind.String, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public static FieldValue From(long value) => new(FieldKind.Long, value, null);

    public static FieldValue From(double value) => new(FieldKind.Double, BitConverter.DoubleToInt64Bits(value), null);

    public static FieldValue From(bool value) => new(FieldKind.Bool, value ? 1 : 0, null);

    public static implicit operator FieldValue(string value) => From(value);

    public static implicit operator FieldValue(long value) => From(value);

    public static implicit operator FieldValue(double value) => From(value);

    public static implicit operator FieldValue(bool value) => From(value);

    public string AsString => Kind == FieldKind.String ? _text! : throw WrongKind(FieldKind.String);

    public long AsLong => Kind == FieldKind.Long ? _bits : throw WrongKind(FieldKind.Long);

    public double AsDouble => Kind == FieldKind.Double ? BitConverter.Int64BitsToDouble(_bits) : throw WrongKind(FieldKind.Double);

    public bool AsBool => Kind == FieldKind.Bool ? _bits != 0 : throw WrongKind(FieldKind.Bool);

    /// <summary>The value as a number when it is one (or a bool, as 0/1), for aggregation.</summary>
    public bool TryGetNumber(out double number)
    {
        switch (Kind)
        {
            case FieldKind.Long: number = _bits; return true;
            case FieldKind.Double: number = BitConverter.Int64BitsToDouble(_bits); return true;
            case FieldKind.Bool: number = _bits; return true;
            default: number = 0; return false;
        }
    }

    /// <summary>The value as a number when it is one, or text that parses as one (invariant culture), as
    /// aggregates read numbers from fields that arrive as text.</summary>
    public bool TryGetNumberOrParse(out double number) =>
        TryGetNumber(out number)
        || (Kind == FieldKind.String && double.TryParse(_text, NumberStyles.Float, CultureInfo.InvariantCulture, out number));

    /// <summary>Text form used for display, grouping and keyword matching (invariant culture).</summary>
    public override string ToString() => Kind switch
    {
        FieldKind.String => _text!,
        FieldKind.Long => _bits.ToString(CultureInfo.InvariantCulture),
        FieldKind.Double => BitConverter.Int64BitsToDouble(_bits).ToString("R", CultureInfo.InvariantCulture),
        FieldKind.Bool => _bits != 0 ? "true" : "false",
        _ => "",
    };

    public bool Equals(FieldValue other) =>
        Kind == other.Kind && _bits == other._bits && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is FieldValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, _bits, _text);

    public static bool operator ==(FieldValue left, FieldValue right) => left.Equals(right);

    public static bool operator !=(FieldValue left, FieldValue right) => !left.Equals(right);

    private InvalidOperationException WrongKind(FieldKind wanted) =>
        new($"field value is {Kind}, not {wanted}");
}
