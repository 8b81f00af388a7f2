using Metronome.Core.Events;
using Metronome.Query.Diagnostics;

namespace Metronome.Query.Execution.Operators;

/// <summary>One key dimension of fillmissing: a timeslice series over the query range, a fixed list of
/// values, or every value seen.</summary>
public sealed record FillDimension(int Slot, long PeriodMs, string[]? Values)
{
    public bool IsTime => PeriodMs > 0;

    public bool IsAll => !IsTime && Values is null;
}

/// <summary><c>fillmissing</c>: appends a row for every combination of the dimensions' values that no
/// input row has. Other fields get the <c>with</c> default, else 0 for a field whose values are
/// numbers, false for booleans, null otherwise (only null after transpose). <c>takeLast</c> copies the
/// other fields from the previous timeslice of the same remaining keys.</summary>
public sealed class FillmissingOperator(FillDimension[] dimensions, int[] otherSlots, Dictionary<int, FieldValue> defaults, bool nullsOnly, bool takeLast) : BufferingOperator
{
    protected override IReadOnlyList<FieldValue[]> Complete(List<FieldValue[]> rows, QueryContext context)
    {
        var keySlots = dimensions.Select(d => d.Slot).ToArray();
        var existing = new Dictionary<GroupKey, FieldValue[]>(GroupKey.Comparer);
        foreach (var row in rows)
        {
            existing.TryAdd(GroupKey.Of(row, keySlots), row);
        }

        var axes = dimensions.Select(d => Axis(d, rows, context)).ToArray();
        long combinations = axes.Aggregate(1L, (n, axis) => n * Math.Max(1, axis.Count));
        if (combinations > context.Request.MaxGroups)
        {
            throw new QueryException(Diagnostic.Unpositioned(DiagnosticCode.TooManyGroups,
                $"fillmissing would create {combinations} combinations; the limit is {context.Request.MaxGroups}"));
        }

        var fill = otherSlots.ToDictionary(s => s, s => DefaultFor(s, rows));
        var output = new List<FieldValue[]>(rows);
        var timeAxis = Array.FindIndex(dimensions, d => d.IsTime);
        var previous = new Dictionary<GroupKey, FieldValue[]>(GroupKey.Comparer);
        foreach (var combination in Product(axes))
        {
            var key = new GroupKey(combination);
            var restKey = timeAxis < 0 ? key : new GroupKey(combination.Where((_, i) => i != timeAxis).ToArray());
            if (existing.TryGetValue(key, out var found))
            {
                previous[restKey] = found;
                continue;
            }

            var row = new FieldValue[context.Slots.Count];
            for (var k = 0; k < keySlots.Length; k++)
            {
                row[keySlots[k]] = combination[k];
            }

            var source = takeLast && previous.TryGetValue(restKey, out var last) ? last : null;
            foreach (var slot in otherSlots)
            {
                row[slot] = source is not null ? Rows.Get(source, slot) : fill[slot];
            }

            previous[restKey] = row;
            output.Add(row);
        }

        return output;
    }

    private FieldValue DefaultFor(int slot, List<FieldValue[]> rows)
    {
        if (defaults.TryGetValue(slot, out var value))
        {
            return value;
        }

        if (nullsOnly)
        {
            return FieldValue.Null;
        }

        foreach (var row in rows)
        {
            var v = Rows.Get(row, slot);
            if (!v.IsNull)
            {
                return v.Kind switch
                {
                    FieldKind.Long => 0L,
                    FieldKind.Double => 0.0,
                    FieldKind.Bool => false,
                    _ => FieldValue.Null,
                };
            }
        }

        return FieldValue.Null;
    }

    private static List<FieldValue> Axis(FillDimension dimension, List<FieldValue[]> rows, QueryContext context)
    {
        if (dimension.IsTime)
        {
            var values = new List<FieldValue>();
            var bucket = TimeBuckets.Start(context.FromMs, dimension.PeriodMs, context.TimeZone);
            while (bucket < context.ToMs && values.Count <= context.Request.MaxGroups)
            {
                values.Add(bucket);
                var next = TimeBuckets.Start(bucket + dimension.PeriodMs, dimension.PeriodMs, context.TimeZone);
                bucket = next > bucket ? next : TimeBuckets.Start(bucket + dimension.PeriodMs + (dimension.PeriodMs / 2), dimension.PeriodMs, context.TimeZone);
            }

            return values;
        }

        if (dimension.Values is { } fixedValues)
        {
            return fixedValues.Select(v => (FieldValue)v).ToList();
        }

        var seen = new HashSet<FieldValue>();
        var all = new List<FieldValue>();
        foreach (var row in rows)
        {
            var v = Rows.Get(row, dimension.Slot);
            if (seen.Add(v))
            {
                all.Add(v);
            }
        }

        return all;
    }

    private static IEnumerable<FieldValue[]> Product(List<FieldValue>[] axes)
    {
        var indexes = new int[axes.Length];
        if (axes.Any(a => a.Count == 0))
        {
            yield break;
        }

        while (true)
        {
            yield return axes.Select((axis, i) => axis[indexes[i]]).ToArray();
            var d = axes.Length - 1;
            while (d >= 0)
            {
                if (++indexes[d] < axes[d].Count)
                {
                    break;
                }

                indexes[d] = 0;
                d--;
            }

            if (d < 0)
            {
                yield break;
            }
        }
    }
}
