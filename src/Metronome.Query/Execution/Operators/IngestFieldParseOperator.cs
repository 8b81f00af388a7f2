using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary>Answers <c>parse regex "K=(?&lt;N&gt;\d+)"</c> from the Long field K that ingest extracted,
/// under the contract of <see cref="Sources.SourceCapabilities.DigitFieldsFromRaw"/>: present exactly when
/// the regex matches, with the same digits. The output is the digits as a string, like the regex gives.</summary>
public sealed class IngestFieldParseOperator(int key, int output, bool nodrop) : StreamingOperator
{
    private static readonly string[] SmallNumbers = Enumerable.Range(0, 10_000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    protected override void Process(RowBatch batch, QueryContext context)
    {
        var drop = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var value = Rows.Get(row, key);
            if (value.Kind == FieldKind.Long && value.AsLong >= 0)
            {
                var n = value.AsLong;
                batch[i] = Rows.Set(row, output, n < SmallNumbers.Length ? SmallNumbers[n] : value.ToString());
            }
            else if (nodrop)
            {
                batch[i] = Rows.Set(row, output, FieldValue.Null);
            }
            else
            {
                batch[i] = null!;
                drop = true;
            }
        }

        if (drop)
        {
            batch.RemoveWhere(static row => row is null);
        }
    }
}
