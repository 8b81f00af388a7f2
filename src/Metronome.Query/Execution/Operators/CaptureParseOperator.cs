using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary>
/// The row loop of the parse operators that find their captures as (start, length) spans of the
/// source text: a matched row gets the captures a later stage reads (<paramref name="live"/>) as
/// strings; an unmatched row is dropped, or with nodrop kept with the fields null.
/// </summary>
public abstract class CaptureParseOperator(int source, int[] outputs, bool[] live, bool nodrop) : StreamingOperator
{
    private readonly RecentText _strings = new(outputs.Length);

    /// <summary>Fills one span per output when <paramref name="text"/> matches.</summary>
    protected abstract bool Match(string text, Span<(int Start, int Length)> captures);

    protected sealed override void Process(RowBatch batch, QueryContext context)
    {
        Span<(int Start, int Length)> captures = outputs.Length <= 32 ? stackalloc (int, int)[outputs.Length] : new (int, int)[outputs.Length];
        var drop = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var value = Rows.Get(row, source);
            var text = value.IsNull ? null : value.Kind == FieldKind.String ? value.AsString : value.ToString();
            if (text is not null && Match(text, captures))
            {
                for (var c = 0; c < outputs.Length; c++)
                {
                    if (live[c])
                    {
                        row = Rows.Set(row, outputs[c], _strings.Get(c, text.AsSpan(captures[c].Start, captures[c].Length)));
                    }
                }
            }
            else if (nodrop)
            {
                foreach (var slot in outputs)
                {
                    row = Rows.Set(row, slot, FieldValue.Null);
                }
            }
            else
            {
                row = null!;
                drop = true;
            }

            batch[i] = row;
        }

        if (drop)
        {
            batch.RemoveWhere(static row => row is null);
        }
    }
}
