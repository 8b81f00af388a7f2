using System.Text;
using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>csv f extract ...</c> and <c>split f delim=':' extract ...</c>: splits a field on the
/// delimiter honouring quotes and escapes, and assigns columns by 1-based position. A missing column is
/// null; a null source field drops the row (nodrop is not supported, as in Sumo).</summary>
public sealed class CsvOperator(int source, char delimiter, char quote, char escape, int[] positions, int[] outputs) : StreamingOperator
{
    protected override void Process(RowBatch batch, QueryContext context)
    {
        var drop = false;
        var fields = new List<string>();
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var value = Rows.Get(row, source);
            if (value.IsNull)
            {
                batch[i] = null!;
                drop = true;
                continue;
            }

            Split(value.ToString(), fields);
            for (var c = 0; c < outputs.Length; c++)
            {
                var index = positions[c] - 1;
                row = Rows.Set(row, outputs[c], index < fields.Count ? fields[index] : FieldValue.Null);
            }

            batch[i] = row;
        }

        if (drop)
        {
            batch.RemoveWhere(static row => row is null);
        }
    }

    private void Split(string text, List<string> fields)
    {
        fields.Clear();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == escape && i + 1 < text.Length && escape != quote)
            {
                current.Append(text[++i]);
            }
            else if (c == quote)
            {
                if (quoted && i + 1 < text.Length && text[i + 1] == quote)
                {
                    current.Append(quote);
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == delimiter && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
    }
}
