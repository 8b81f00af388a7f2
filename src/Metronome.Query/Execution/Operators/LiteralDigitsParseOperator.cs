using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary>Answers <c>parse regex "P(?&lt;n&gt;\d+)S"</c> (P a non-empty literal, S a literal not starting
/// with a digit) without the regex engine: the leftmost occurrence of P followed by one or more digits
/// (<c>\d</c>: any Unicode decimal digit) and then S. Greedy digits never need to give one back, since S
/// cannot start with a digit, so this is the regex's match: same rows kept, same captured text.</summary>
public sealed class LiteralDigitsParseOperator(int source, string prefix, string suffix, int output, bool nodrop) : StreamingOperator
{
    protected override void Process(RowBatch batch, QueryContext context)
    {
        var drop = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var value = Rows.Get(row, source);
            var digits = value.IsNull ? null : Find(value.Kind == FieldKind.String ? value.AsString : value.ToString());
            if (digits is not null)
            {
                batch[i] = Rows.Set(row, output, digits);
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

    /// <summary>The digits the regex would capture in <paramref name="text"/>, or null when it does not match.</summary>
    public string? Find(string text)
    {
        var from = 0;
        while (from <= text.Length - prefix.Length)
        {
            var at = text.IndexOf(prefix, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            var start = at + prefix.Length;
            var end = start;
            while (end < text.Length && char.IsDigit(text[end]))
            {
                end++;
            }

            if (end > start && end + suffix.Length <= text.Length && string.CompareOrdinal(text, end, suffix, 0, suffix.Length) == 0)
            {
                return text[start..end];
            }

            from = at + 1;
        }

        return null;
    }
}
