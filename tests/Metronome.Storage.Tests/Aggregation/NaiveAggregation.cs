using System.Globalization;
using System.Text.RegularExpressions;
using Metronome.Core.Events;
using Metronome.Core.Time;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;

namespace Metronome.Storage.Tests.Aggregation;

/// <summary>
/// The obviously-correct answer, written independently of the store with LINQ over a list of events:
/// filters compare strings case-insensitively and numbers numerically, group keys compare exactly,
/// numeric aggregates also read numeric strings, quantiles interpolate between closest ranks (nearest-rank
/// quantiles take the value at index floor(q·n) of the sorted values).
/// Approximate kinds are answered exactly (the test allows their error).
/// </summary>
internal static partial class NaiveAggregation
{
    public static IEnumerable<Event> Matching(IEnumerable<Event> events, ScanQuery query) => events.Where(e =>
        e.App == query.App && e.TimeUs >= query.FromUs && e.TimeUs < query.ToUs
        && query.Filters.All(f => Holds(Resolve(e, f.Field), f))
        && (query.Terms.Count == 0 || HasAllTerms(Text(e), query.Terms)));

    /// <summary>Rows keyed by a printable form of their group key.</summary>
    public static Dictionary<string, FieldValue[]> Aggregate(IEnumerable<Event> events, AggregateQuery query) =>
        Matching(events, query.Scan)
            .GroupBy(e => KeyText(query.GroupBy.Select(k => KeyOf(e, k))))
            .ToDictionary(g => g.Key, g => query.Aggregates.SelectMany(a => Compute(a, g.ToList())).ToArray());

    public static string KeyText(IEnumerable<FieldValue> keys) => string.Join(" | ", keys.Select(Exact));

    public static string Exact(FieldValue v) => v.Kind switch
    {
        FieldKind.Null => "null",
        FieldKind.Double => "double:" + BitConverter.DoubleToInt64Bits(v.AsDouble).ToString("X", CultureInfo.InvariantCulture),
        _ => $"{v.Kind}:{v}",
    };

    public static bool TryNumber(FieldValue v, out double x) =>
        v.TryGetNumber(out x) || (v.Kind == FieldKind.String && double.TryParse(v.AsString, NumberStyles.Float, CultureInfo.InvariantCulture, out x));

    public static FieldValue Resolve(Event e, string field) => field.ToLowerInvariant() switch
    {
        "name" => e.Name,
        "_app" => e.App,
        "_messagetime" => e.TimeUs / 1000,
        "_receipttime" => e.ReceiptTimeUs / 1000,
        _ => e.Fields.FirstOrDefault(f => string.Equals(f.Key, field, StringComparison.OrdinalIgnoreCase)).Value,
    };

    public static long BucketStartMs(long timeUs, TimeBucketKey key)
    {
        if (key.Zone == TimeZoneInfo.Utc)
        {
            return (timeUs - Mod(timeUs, key.WidthUs)) / 1000;
        }

        var utc = UnixTime.FromMicroseconds(timeUs);
        if (key.WidthUs == UnixTime.MicrosecondsPerDay)
        {
            var local = TimeZoneInfo.ConvertTime(utc, key.Zone);
            var midnight = new DateTime(local.Year, local.Month, local.Day, 0, 0, 0, DateTimeKind.Unspecified);
            return UnixTime.ToMicroseconds(TimeZoneInfo.ConvertTimeToUtc(midnight, key.Zone)) / 1000;
        }

        // Buckets of up to an hour, aligned to local hours: these zones change offset on a local
        // hour boundary, so a bucket lies within one offset.
        long offset = (long)key.Zone.GetUtcOffset(utc).TotalMicroseconds;
        long localUs = timeUs + offset;
        return (localUs - Mod(localUs, key.WidthUs) - offset) / 1000;
    }

    private static FieldValue KeyOf(Event e, GroupKey key) => key switch
    {
        TimeBucketKey bucket => BucketStartMs(e.TimeUs, bucket),
        FieldGroupKey field => Resolve(e, field.Field),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private static IEnumerable<FieldValue> Compute(AggregateSpec spec, List<Event> group)
    {
        var values = spec.Field is null ? [] : group.Select(e => Resolve(e, spec.Field!)).Where(v => !v.IsNull).ToList();
        var numbers = values.Select(v => TryNumber(v, out double x) ? x : (double?)null).OfType<double>().ToList();
        switch (spec.Kind)
        {
            case AggregateKind.Count:
                return [(long)group.Count];
            case AggregateKind.Sum:
                return [numbers.Sum()];
            case AggregateKind.Min:
                return [numbers.Count == 0 ? FieldValue.Null : numbers.Min()];
            case AggregateKind.Max:
                return [numbers.Count == 0 ? FieldValue.Null : numbers.Max()];
            case AggregateKind.Avg:
                return [numbers.Count == 0 ? FieldValue.Null : numbers.Average()];
            case AggregateKind.CountDistinct:
            case AggregateKind.ApproxCountDistinct:
                return [(long)values.Select(Exact).Distinct().Count()];
            case AggregateKind.QuantilesNearestRank:
                var ranked = numbers.Order().ToArray();
                return spec.Quantiles!.Select(q => ranked.Length == 0 ? FieldValue.Null : ranked[Math.Min(ranked.Length - 1, (int)Math.Floor(q * ranked.Length))]);
            default:
                var sorted = numbers.Order().ToArray();
                return spec.Quantiles!.Select(q => sorted.Length == 0 ? FieldValue.Null : Quantile(sorted, q));
        }
    }

    private static FieldValue Quantile(double[] sorted, double q)
    {
        double rank = q * (sorted.Length - 1);
        int lo = (int)rank;
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }

    private static bool Holds(FieldValue value, FieldFilter filter) => filter.Op switch
    {
        FilterOp.Exists => !value.IsNull,
        FilterOp.Missing => value.IsNull,
        FilterOp.In => !value.IsNull && filter.Values.Any(c => SameValue(value, c)),
        FilterOp.NotIn => !value.IsNull && !filter.Values.Any(c => SameValue(value, c)),
        FilterOp.Range => value.TryGetNumber(out double x) && x >= filter.Values[0].AsDouble && x < filter.Values[1].AsDouble,
        FilterOp.ContainsTerms => value.Kind == FieldKind.String && HasAllTerms(value.AsString, TermsOf(filter.Values[0].AsString)),
        FilterOp.Matches => !value.IsNull && new System.Text.RegularExpressions.Regex(filter.Values[0].AsString, System.Text.RegularExpressions.RegexOptions.CultureInvariant).IsMatch(value.ToString()),
        _ => false,
    };

    private static bool SameValue(FieldValue a, FieldValue b) =>
        a.Kind == FieldKind.String && b.Kind == FieldKind.String ? string.Equals(a.AsString, b.AsString, StringComparison.OrdinalIgnoreCase)
        : a.TryGetNumber(out double x) && b.TryGetNumber(out double y) ? x == y
        : string.Equals(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase);

    private static string? Text(Event e)
    {
        var raw = Resolve(e, "_raw");
        var text = raw.IsNull ? Resolve(e, "message") : raw;
        return text.Kind == FieldKind.String ? text.AsString : null;
    }

    private static bool HasAllTerms(string? text, IEnumerable<string> terms)
    {
        if (text is null)
        {
            return false;
        }

        var words = TermsOf(text).ToHashSet();
        return terms.All(t => words.Contains(t.ToLowerInvariant()));
    }

    private static List<string> TermsOf(string text) =>
        [.. TermSeparator().Split(text).Where(w => w.Length > 0).Select(w => w.ToLowerInvariant())];

    private static long Mod(long value, long modulus) => ((value % modulus) + modulus) % modulus;

    [GeneratedRegex(@"[^\p{L}\p{Nd}\p{M}_]+")]
    private static partial Regex TermSeparator();
}
