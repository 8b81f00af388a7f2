using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>lookup ... from geo://location on ip=f</c>: fills the asked columns from the geo
/// database; an address without a location leaves them null.</summary>
public sealed class LookupOperator(IGeoLookup geo, int key, (string Column, int Slot)[] outputs) : StreamingOperator
{
    protected override void Process(RowBatch batch, QueryContext context)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var ip = Rows.Get(row, key);
            IReadOnlyDictionary<string, object?>? location = null;
            var found = !ip.IsNull && geo.TryLookup(ip.ToString(), out location);
            foreach (var (column, slot) in outputs)
            {
                var value = found && location!.TryGetValue(column, out var v) ? ToValue(v) : FieldValue.Null;
                row = Rows.Set(row, slot, value);
            }

            batch[i] = row;
        }
    }

    private static FieldValue ToValue(object? value) => value switch
    {
        null => FieldValue.Null,
        string s => s,
        long l => l,
        int n => (long)n,
        double d => d,
        float f => (double)f,
        bool b => b,
        _ => value.ToString() ?? "",
    };
}
