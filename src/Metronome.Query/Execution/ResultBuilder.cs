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
        var columns = new List<ResultColumn>(slots.Count);
        var table = new object?[count][];
        for (var r = 0; r < table.Length; r++)
        {
            table[r] = new object?[slots.Count];
        }

        for (var c = 0; c < slots.Count; c++)
        {
            var slot = slots[c];
            string? type = plan.TimestampSlots.Contains(slot) ? ColumnTypes.Timestamp : null;
            for (var r = 0; r < count; r++)
            {
                var value = Rows.Get(rows[first + r], slot);
                table[r][c] = Plain(value);
                if (type != ColumnTypes.Timestamp && !value.IsNull)
                {
                    type = Widen(type, value.Kind);
                }
            }

            columns.Add(new ResultColumn(context.Slots.Name(slot), type ?? ColumnTypes.String));
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

    private static string Widen(string? type, FieldKind kind)
    {
        var next = kind switch
        {
            FieldKind.Long => ColumnTypes.Long,
            FieldKind.Double => ColumnTypes.Double,
            FieldKind.Bool => ColumnTypes.Bool,
            _ => ColumnTypes.String,
        };
        return type switch
        {
            null => next,
            _ when type == next => type,
            ColumnTypes.Long when next == ColumnTypes.Double => ColumnTypes.Double,
            ColumnTypes.Double when next == ColumnTypes.Long => ColumnTypes.Double,
            _ => ColumnTypes.String,
        };
    }

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
