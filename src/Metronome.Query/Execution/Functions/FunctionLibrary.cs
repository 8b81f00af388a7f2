using System.Globalization;
using Metronome.Core.Events;
using Metronome.Query.Execution.Expressions;

namespace Metronome.Query.Execution.Functions;

/// <summary>The functions of the expression language, by case-insensitive name, with their arity.
/// A function given null (or a value it cannot use) returns null rather than failing the query.</summary>
public static class FunctionLibrary
{
    public sealed record Function(string Name, int MinArguments, int MaxArguments, FunctionBody Body);

    private static readonly Dictionary<string, Function> ByName = Build();

    public static bool TryGet(string name, out Function function) => ByName.TryGetValue(name, out function!);

    public static IEnumerable<string> Names => ByName.Values.Select(f => f.Name).Distinct().Order(StringComparer.Ordinal);

    private static Dictionary<string, Function> Build()
    {
        var map = new Dictionary<string, Function>(StringComparer.OrdinalIgnoreCase);
        void Add(string name, int min, int max, FunctionBody body) => map[name] = new Function(name, min, max, body);

        Add("num", 1, 1, static (a, _) => Values.TryNumber(a[0], out var n) ? n : FieldValue.Null);
        map["number"] = map["num"];
        map["toDouble"] = map["num"];
        Add("toLong", 1, 1, static (a, _) => ToLong(a[0]));
        map["toInt"] = map["toLong"];
        Add("toString", 1, 1, static (a, _) => a[0].IsNull ? FieldValue.Null : a[0].ToString());
        Add("toLowerCase", 1, 1, static (a, _) => a[0].IsNull ? FieldValue.Null : a[0].ToString().ToLowerInvariant());
        Add("toUpperCase", 1, 1, static (a, _) => a[0].IsNull ? FieldValue.Null : a[0].ToString().ToUpperInvariant());
        Add("trim", 1, 1, static (a, _) => a[0].IsNull ? FieldValue.Null : a[0].ToString().Trim());
        Add("length", 1, 1, static (a, _) => a[0].IsNull ? FieldValue.Null : (long)a[0].ToString().Length);
        Add("concat", 1, CallExprNode.MaxArguments, static (a, _) => Concat(a));
        Add("substring", 2, 3, static (a, _) => Substring(a));
        Add("replace", 3, 3, static (a, _) => a[0].IsNull || a[1].IsNull || a[1].ToString().Length == 0
            ? a[0].IsNull ? FieldValue.Null : a[0].ToString()
            : a[0].ToString().Replace(a[1].ToString(), Values.Text(a[2]) ?? "", StringComparison.Ordinal));
        Add("contains", 2, 2, static (a, _) => !a[0].IsNull && !a[1].IsNull && a[0].ToString().Contains(a[1].ToString(), StringComparison.Ordinal));
        Add("urlDecode", 1, 1, static (a, _) => a[0].IsNull ? FieldValue.Null : UrlDecode(a[0].ToString()));
        Add("urlEncode", 1, 1, static (a, _) => a[0].IsNull ? FieldValue.Null : Uri.EscapeDataString(a[0].ToString()));
        Add("isNull", 1, 1, static (a, _) => a[0].IsNull);
        Add("isEmpty", 1, 1, static (a, _) => a[0].IsNull || (a[0].Kind == FieldKind.String && a[0].AsString.Length == 0));
        Add("isBlank", 1, 1, static (a, _) => a[0].IsNull || (a[0].Kind == FieldKind.String && string.IsNullOrWhiteSpace(a[0].AsString)));
        Add("isNumeric", 1, 1, static (a, _) => Values.TryNumber(a[0], out double _));
        Add("abs", 1, 1, static (a, _) => Math1(a[0], Math.Abs));
        Add("ceil", 1, 1, static (a, _) => Math1(a[0], Math.Ceiling));
        Add("floor", 1, 1, static (a, _) => Math1(a[0], Math.Floor));
        Add("sqrt", 1, 1, static (a, _) => Math1(a[0], Math.Sqrt));
        Add("exp", 1, 1, static (a, _) => Math1(a[0], Math.Exp));
        Add("log", 1, 1, static (a, _) => Math1(a[0], Math.Log));
        Add("log10", 1, 1, static (a, _) => Math1(a[0], Math.Log10));
        Add("round", 1, 2, static (a, _) => Round(a));
        Add("pow", 2, 2, static (a, _) => Values.TryNumber(a[0], out var x) && Values.TryNumber(a[1], out var y) ? Math.Pow(x, y) : FieldValue.Null);
        Add("formatDate", 1, 3, static (a, c) => DateFormats.Format(a, c));
        Add("parseDate", 2, 3, static (a, c) => DateFormats.Parse(a, c));
        Add("now", 0, 0, static (_, c) => c.NowMs);
        Add("queryStartTime", 0, 0, static (_, c) => c.FromMs);
        Add("queryEndTime", 0, 0, static (_, c) => c.ToMs);
        Add("compareCIDRPrefix", 3, 3, static (a, _) => IpAddresses.CompareCidrPrefix(a));
        Add("isValidIP", 1, 1, static (a, _) => !a[0].IsNull && IpAddresses.TryParse(a[0].ToString(), out uint _));
        map["isValidIPv4"] = map["isValidIP"];
        Add("isPrivateIP", 1, 1, static (a, _) => !a[0].IsNull && IpAddresses.IsPrivate(a[0].ToString()));
        Add("isPublicIP", 1, 1, static (a, _) => !a[0].IsNull && IpAddresses.TryParse(a[0].ToString(), out uint _) && !IpAddresses.IsPrivate(a[0].ToString()));
        Add("if", 3, 3, static (a, _) => Values.Truthy(a[0]) ? a[1] : a[2]);
        return map;
    }

    private static FieldValue ToLong(in FieldValue value)
    {
        if (value.Kind == FieldKind.Long)
        {
            return value;
        }

        if (!Values.TryNumber(value, out var number) || !double.IsFinite(number) || Math.Abs(number) > 9.2e18)
        {
            return FieldValue.Null;
        }

        return (long)Math.Truncate(number);
    }

    private static FieldValue Concat(ReadOnlySpan<FieldValue> arguments)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var a in arguments)
        {
            if (!a.IsNull)
            {
                builder.Append(a.ToString());
            }
        }

        return builder.ToString();
    }

    private static FieldValue Substring(ReadOnlySpan<FieldValue> a)
    {
        if (a[0].IsNull || !Values.TryNumber(a[1], out var startNumber))
        {
            return FieldValue.Null;
        }

        var text = a[0].ToString();
        var start = (int)Math.Clamp(startNumber, 0, text.Length);
        var end = text.Length;
        if (a.Length > 2)
        {
            if (!Values.TryNumber(a[2], out var endNumber))
            {
                return FieldValue.Null;
            }

            end = (int)Math.Clamp(endNumber, start, text.Length);
        }

        return text[start..end];
    }

    private static FieldValue Math1(in FieldValue value, Func<double, double> f) =>
        Values.TryNumber(value, out var x) ? f(x) : FieldValue.Null;

    private static FieldValue Round(ReadOnlySpan<FieldValue> a)
    {
        if (!Values.TryNumber(a[0], out var x))
        {
            return FieldValue.Null;
        }

        if (a.Length == 1)
        {
            return (long)Math.Round(x, MidpointRounding.AwayFromZero);
        }

        return Values.TryNumber(a[1], out var digits) ? Math.Round(x, (int)Math.Clamp(digits, 0, 15), MidpointRounding.AwayFromZero) : FieldValue.Null;
    }

    private static string UrlDecode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    internal static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
