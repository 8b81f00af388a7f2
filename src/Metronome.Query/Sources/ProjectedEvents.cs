using Metronome.Core.Events;
using Metronome.Storage.Scanning;

namespace Metronome.Query.Sources;

/// <summary>
/// Events that carry only the fields a query reads, built from a store's projected scan
/// (<see cref="Storage.IEventStore.ScanColumns"/>) instead of rebuilding every field of every event. The
/// engine reads an event only through <see cref="EventFields.Get"/> for the names of
/// <see cref="ScanSpec.Fields"/> (and the scope's fields when it re-checks the scope), so an event with
/// those fields, its name, app and times reads the same as the whole event.
/// </summary>
internal sealed class ProjectedEvents
{
    private readonly string _app;
    private readonly string[] _columns;
    private readonly int _name = -1;
    private readonly bool _receipt;

    /// <param name="fields">What the engine reads; the fixed members are filled in separately.</param>
    public ProjectedEvents(string app, IEnumerable<string> fields)
    {
        _app = app;
        var columns = new List<string>();
        foreach (var field in fields.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (field.Equals(FieldNames.Name, StringComparison.OrdinalIgnoreCase))
            {
                _name = columns.Count;
                columns.Add(FieldNames.Name);
            }
            else if (field.Equals(FieldNames.ReceiptTime, StringComparison.OrdinalIgnoreCase))
            {
                _receipt = true;
            }
            else if (!field.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase) && !field.Equals(FieldNames.MessageTime, StringComparison.OrdinalIgnoreCase))
            {
                columns.Add(field);
            }
        }

        _columns = [.. columns];
    }

    /// <summary>The columns to ask the store for, in the order <see cref="Events"/> expects them.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>Selected rows <paramref name="from"/> to <paramref name="from"/>+<paramref name="count"/> of a
    /// block as events (copied out: the block's arrays are reused). A block holds up to 65,536 rows: taking
    /// them a batch at a time lets each batch's strings die young.</summary>
    public Event[] Events(ColumnBlock block, int from, int count)
    {
        var events = new Event[count];
        var receipts = _receipt ? block.ReceiptUs : null;
        for (var s = 0; s < count; s++)
        {
            var row = block.Selection[from + s];
            var present = 0;
            for (var c = 0; c < _columns.Length; c++)
            {
                present += c != _name && block.Fields[c].IsPresent(row) ? 1 : 0;
            }

            var fields = present == 0 ? [] : new KeyValuePair<string, FieldValue>[present];
            var at = 0;
            var name = "";
            for (var c = 0; c < _columns.Length; c++)
            {
                var column = block.Fields[c];
                if (!column.IsPresent(row))
                {
                    continue;
                }

                if (c == _name)
                {
                    name = column.Value(row).ToString();
                }
                else
                {
                    fields[at++] = new(_columns[c], column.Value(row));
                }
            }

            var time = block.TimeUs[row];
            events[s] = new Event(_app, name, time, receipts?[row] ?? time, fields);
        }

        return events;
    }
}
