using System.Globalization;
using Metronome.Core.Events;

namespace Metronome.Bench.Metronome;

/// <summary>Result cells as the query contracts print them: UTC days and buckets, invariant numbers.</summary>
public static class Cells
{
    /// <summary>A bucket key (epoch ms) as yyyy-MM-dd.</summary>
    public static string Day(FieldValue bucketMs) => Utc(bucketMs).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A bucket key (epoch ms) as yyyy-MM-dd HH:mm:ss.</summary>
    public static string Bucket(FieldValue bucketMs) => Utc(bucketMs).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Whole numbers without a fraction (as ClickHouse prints counts and integer columns), others round-trip.</summary>
    public static string Number(FieldValue value) => value.TryGetNumber(out double x) ? Number(x) : value.ToString();

    public static string Number(double x) => x == Math.Floor(x) && Math.Abs(x) < 1e15
        ? ((long)x).ToString(CultureInfo.InvariantCulture)
        : x.ToString("R", CultureInfo.InvariantCulture);

    public static string Text(FieldValue value) => value.ToString();

    /// <summary>Sort key for a number-valued group key.</summary>
    public static double SortNumber(FieldValue value) => value.TryGetNumber(out double x) ? x : double.NaN;

    private static DateTime Utc(FieldValue bucketMs) => DateTimeOffset.FromUnixTimeMilliseconds(bucketMs.AsLong).UtcDateTime;
}
