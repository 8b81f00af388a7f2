using System.Text.RegularExpressions;
using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>parse regex "...(?&lt;n&gt;...)..." [multi] [nodrop]</c>: a search from the start of the
/// field; every named group becomes a field (a group that took no part is null). No match drops the
/// row unless nodrop. <c>multi</c> emits one row per match. Only groups a later stage reads become
/// strings (<paramref name="live"/>).</summary>
public sealed class ParseRegexOperator(int source, Regex regex, int[] groupNumbers, int[] outputs, bool[] live, bool multi, bool nodrop) : StreamingOperator
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
            ProcessSingle(batch, context.CancellationToken);
        }
    }

    private readonly bool _anyLive = live.Contains(true);
    private readonly RecentText _strings = new(outputs.Length);

    private void ProcessSingle(RowBatch batch, CancellationToken cancellation)
    {
        var drop = false;
        for (var i = 0; i < batch.Count; i++)
        {
            // A regex may take up to its time limit on one row: a failed or cancelled query stops here.
            cancellation.ThrowIfCancellationRequested();
            var row = batch[i];
            var value = Rows.Get(row, source);
            var text = value.IsNull ? null : value.Kind == FieldKind.String ? value.AsString : value.ToString();
            if (!Matches(text, ref row))
            {
                drop |= !nodrop;
                row = nodrop ? Clear(row) : null!;
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

    /// <summary>Whether the regex matches; when a later stage reads a group, also sets the live groups.</summary>
    private bool Matches(string? text, ref FieldValue[] row)
    {
        if (text is null)
        {
            return false;
        }

        if (!_anyLive)
        {
            return regex.IsMatch(text);
        }

        var match = regex.Match(text);
        if (match.Success)
        {
            row = Assign(row, match);
        }

        return match.Success;
    }

    private FieldValue[] Assign(FieldValue[] row, Match match)
    {
        for (var g = 0; g < outputs.Length; g++)
        {
            if (!live[g])
            {
                continue;
            }

            var group = match.Groups[groupNumbers[g]];
            row = Rows.Set(row, outputs[g], group.Success ? _strings.Get(g, group.ValueSpan) : FieldValue.Null);
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
