using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>parse regex</c> answered by a <see cref="LiteralRunPattern"/> instead of the regex engine:
/// the same rows kept and the same captured text. Only captures a later stage reads become strings
/// (<paramref name="live"/>); the others matter only for whether the row matched.</summary>
public sealed class LiteralRunParseOperator(int source, LiteralRunPattern pattern, int[] outputs, bool[] live, bool nodrop) : StreamingOperator
{
    protected override void Process(RowBatch batch, QueryContext context)
    {
        Span<(int Start, int Length)> captures = outputs.Length <= 32 ? stackalloc (int, int)[outputs.Length] : new (int, int)[outputs.Length];
        var drop = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var value = Rows.Get(row, source);
            var text = value.IsNull ? null : value.Kind == FieldKind.String ? value.AsString : value.ToString();
            if (text is not null && pattern.Match(text, captures))
            {
                for (var g = 0; g < outputs.Length; g++)
                {
                    if (live[g])
                    {
                        row = Rows.Set(row, outputs[g], text.Substring(captures[g].Start, captures[g].Length));
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
