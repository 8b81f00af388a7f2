using System.Text.RegularExpressions;
using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>parse regex "...(?&lt;n&gt;...)..." [multi] [nodrop]</c>: a search from the start of the
/// field; every named group becomes a field (a group that took no part is null). No match drops the
/// row unless nodrop. <c>multi</c> emits one row per match.</summary>
public sealed class ParseRegexOperator(int source, Regex regex, int[] groupNumbers, int[] outputs, bool multi, bool nodrop) : StreamingOperator
{
    protected override void Process(RowBatch batch, QueryContext context)
    {
        // A RegexMatchTimeoutException becomes MQL4005 in QueryEngine, for every regex of the query.
        if (multi)
        {
            ProcessMulti(batch);
        }
        else
        {
            ProcessSingle(batch);
        }
    }

    private void ProcessSingle(RowBatch batch)
    {
        var drop = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var value = Rows.Get(row, source);
            var match = value.IsNull ? null : regex.Match(value.Kind == FieldKind.String ? value.AsString : value.ToString());
            if (match is { Success: true })
            {
                row = Assign(row, match);
            }
            else if (nodrop)
            {
                row = Clear(row);
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

    private void ProcessMulti(RowBatch batch)
    {
        var input = new FieldValue[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            input[i] = batch[i];
        }

        batch.Clear();
        foreach (var row in input)
        {
            var value = Rows.Get(row, source);
            var any = false;
            if (!value.IsNull)
            {
                for (var match = regex.Match(value.ToString()); match.Success; match = match.NextMatch())
                {
                    batch.Add(Assign((FieldValue[])row.Clone(), match));
                    any = true;
                }
            }

            if (!any && nodrop)
            {
                batch.Add(Clear(row));
            }
        }
    }

    private FieldValue[] Assign(FieldValue[] row, Match match)
    {
        for (var g = 0; g < outputs.Length; g++)
        {
            var group = match.Groups[groupNumbers[g]];
            row = Rows.Set(row, outputs[g], group.Success ? group.Value : FieldValue.Null);
        }

        return row;
    }

    private FieldValue[] Clear(FieldValue[] row)
    {
        foreach (var slot in outputs)
        {
            row = Rows.Set(row, slot, FieldValue.Null);
        }

        return row;
    }
}
