using Metronome.Core.Events;
using Metronome.Query.Execution.Operators;
using Metronome.Query.Planning;

namespace Metronome.Query.Execution;

/// <summary>Turns the sink's rows into the result table: resolves the column list, pages, converts values
/// to plain types and infers each column's type.</summary>
internal static class ResultBuilder
{
    private static readonly HashSet<string> HiddenInRaw = new(StringComparer.OrdinalIgnoreCase) { FieldNames.App, FieldNames.ReceiptTime };

    public static QueryResult Build(QueryPlan plan, QueryContext context, ResultSink sink, int offset, int limit, long elapsedMs)
    {
        // The page: rows[first .. first + count).
        var rows = sink.Rows;
        var first = Math.Min(Math.Max(0, offset), rows.Count);
        var count = Math.Min(Math.Max(0, limit), rows.Count - first);
        var slots = Columns(plan, context, rows, first, count);
        var kinds = new ColumnKind[slots.Count];
        for (var c = 0; c < kinds.Length; c++)
        {
            kinds[c] = plan.TimestampSlots.Contains(slots[c]) ? ColumnKind.Timestamp : ColumnKind.None;
        }

        var table = new object?[count][];
        for (var r = 0; r < count; r++)
        {
            var row = rows[first + r];
            var cells = new object?[kinds.Length];
            for (var c = 0; c < cells.Length; c++)
            {
                var value = Rows.Get(row, slots[c]);
                if (!value.IsNull)
                {
                    cells[c] = Plain(value);
                    kinds[c] = Widen(kinds[c], value.Kind);
                }
            }

            table[r] = cells;
        }

        var columns = new List<ResultColumn>(slots.Count);
        for (var c = 0; c < kinds.Length; c++)
        {
            columns.Add(new ResultColumn(context.Slots.Name(slots[c]), TypeName(kinds[c])));
        }

        var matched = plan.IsRaw && context.Matched == 0 ? sink.Total : context.Matched;
        return new QueryResult(columns, table, new QueryStats(context.Scanned, matched, elapsedMs), sink.Total, !plan.IsRaw);
    }

    private static List<int> Columns(QueryPlan plan, QueryContext context, IReadOnlyList<FieldValue[]> rows, int first, int count)
    {
        var output = plan.Output;
        var columns = new List<int>(output.Fixed);
        if (output.Dynamic is not null)
        {
            columns.InsertRange(Math.Min(output.DynamicAfter, columns.Count), context.CreatedColumns(output.Dynamic).Where(s => !columns.Contains(s)));
        }

        if (output.ExpandFields)
        {
            var present = new HashSet<int>();
            for (var r = first; r < first + count; r++)
            {
                var row = rows[r];
                for (var s = 0; s < row.Length; s++)
                {
                    if (!row[s].IsNull)
                    {
                        present.Add(s);
                    }
                }
            }

            columns.AddRange(present
                .Where(s => !columns.Contains(s) && !HiddenInRaw.Contains(context.Slots.Name(s)))
                .OrderBy(s => context.Slots.Name(s).StartsWith('_') ? 0 : 1)
                .ThenBy(s => context.Slots.Name(s), StringComparer.OrdinalIgnoreCase));
        }

        return columns;
    }

    /// <summary>A column's type so far; a timestamp column stays one whatever it holds.</summary>
    private enum ColumnKind
    {
        None,
        Long,
        Double,
        Bool,
        String,
        Timestamp,
    }

    private static ColumnKind Widen(ColumnKind kind, FieldKind value)
    {
        var next = value switch
        {
            FieldKind.Long => ColumnKind.Long,
            FieldKind.Double => ColumnKind.Double,
            FieldKind.Bool => ColumnKind.Bool,
            _ => ColumnKind.String,
        };
        return kind switch
        {
            ColumnKind.None => next,
            _ when kind == next || kind == ColumnKind.Timestamp => kind,
            ColumnKind.Long when next == ColumnKind.Double => ColumnKind.Double,
            ColumnKind.Double when next == ColumnKind.Long => ColumnKind.Double,
            _ => ColumnKind.String,
        };
    }

    private static string TypeName(ColumnKind kind) => kind switch
    {
        ColumnKind.Long => ColumnTypes.Long,
        ColumnKind.Double => ColumnTypes.Double,
        ColumnKind.Bool => ColumnTypes.Bool,
        ColumnKind.Timestamp => ColumnTypes.Timestamp,
        _ => ColumnTypes.String,
    };

    /// <summary>Boxed small numbers, made once: counts and codes fill most cells of aggregate results.</summary>
    private static readonly object[] SmallLongs = Enumerable.Range(0, 1024).Select(n => (object)(long)n).ToArray();

    private static object? Plain(FieldValue value) => value.Kind switch
    {
        FieldKind.String => value.AsString,
        FieldKind.Long => (ulong)value.AsLong < (ulong)SmallLongs.Length ? SmallLongs[value.AsLong] : value.AsLong,
        FieldKind.Double => value.AsDouble,
        FieldKind.Bool => value.AsBool,
        _ => null,
    };
}
