using Metronome.Core.Events;
using Metronome.Query.Diagnostics;

namespace Metronome.Query.Execution.Operators;

/// <summary>Names one transpose stage's created columns, which each run records in its own
/// <see cref="QueryContext.CreatedColumns"/> (a plan is shared by concurrent runs), for the result's column list.</summary>
public sealed class DynamicColumns;

/// <summary><c>transpose row r column c [as ...]</c>: one output row per distinct row key (first-seen
/// order); one column per distinct value of the column fields (joined with <c>_</c> when several),
/// alphabetical unless an <c>as</c> list picks and orders them (<c>*</c> = all others, alphabetical).
/// A cell holds the remaining value field; with several value fields the column is named
/// <c>value_field</c>. Missing cells are null.</summary>
public sealed class TransposeOperator(int[] rowSlots, int[] columnSlots, int[] valueSlots, string[] outputs, DynamicColumns columns) : BufferingOperator
{
    protected override IReadOnlyList<FieldValue[]> Complete(List<FieldValue[]> rows, QueryContext context)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var cells = new List<(GroupKey Row, string Column, FieldValue Value)>();
        var rowOrder = new List<GroupKey>();
        var seenRows = new HashSet<GroupKey>(GroupKey.Comparer);
        foreach (var row in rows)
        {
            var rowKey = GroupKey.Of(row, rowSlots);
            if (seenRows.Add(rowKey))
            {
                rowOrder.Add(rowKey);
            }

            var columnValue = string.Join("_", columnSlots.Select(s => Rows.Get(row, s).ToString()));
            foreach (var valueSlot in valueSlots)
            {
                var name = valueSlots.Length == 1 ? columnValue : columnValue + "_" + context.Slots.Name(valueSlot);
                names.Add(name);
                cells.Add((rowKey, name, Rows.Get(row, valueSlot)));
            }
        }

        var chosen = Choose(names);
        if (chosen.Count > context.Request.MaxTransposeColumns)
        {
            throw new QueryException(Diagnostic.Unpositioned(DiagnosticCode.TooManyColumns,
                $"transpose produced {chosen.Count} columns; the limit is {context.Request.MaxTransposeColumns}"));
        }

        var slotOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var created = context.CreatedColumns(columns);
        foreach (var name in chosen)
        {
            var slot = context.Slots.GetOrAdd(name);
            slotOf[name] = slot;
            created.Add(slot);
        }

        var output = new Dictionary<GroupKey, FieldValue[]>(GroupKey.Comparer);
        foreach (var key in rowOrder)
        {
            var row = new FieldValue[context.Slots.Count];
            for (var r = 0; r < rowSlots.Length; r++)
            {
                row[rowSlots[r]] = key.Values[r];
            }

            output[key] = row;
        }

        foreach (var (rowKey, column, value) in cells)
        {
            if (slotOf.TryGetValue(column, out var slot))
            {
                output[rowKey][slot] = value;
            }
        }

        return rowOrder.Select(k => output[k]).ToArray();
    }

    private List<string> Choose(SortedSet<string> names)
    {
        if (outputs.Length == 0)
        {
            return [.. names];
        }

        var chosen = new List<string>();
        foreach (var output in outputs)
        {
            if (output == "*")
            {
                chosen.AddRange(names.Where(n => !outputs.Contains(n, StringComparer.Ordinal)));
            }
            else
            {
                chosen.Add(output);
            }
        }

        return chosen;
    }
}
