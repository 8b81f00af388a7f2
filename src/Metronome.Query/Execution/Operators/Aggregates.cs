using System.Globalization;
using Metronome.Core.Events;
using Metronome.Query.Planning;

namespace Metronome.Query.Execution.Operators;

/// <summary>The state of one aggregate for one group.</summary>
public abstract class AggregateState
{
    public abstract void Add(FieldValue[] row);

    /// <summary>Writes the result(s) into the output row.</summary>
    public abstract FieldValue[] Write(FieldValue[] output);
}

/// <summary>A bound aggregate: which field it reads and which slots it writes; makes a state per group.</summary>
public sealed record AggregateSpec(string Function, int Field, int[] Outputs, double[] Percentiles, bool TimeOrdered)
{
    public AggregateState CreateState() => Function switch
    {
        "count" => new CountState(Field, Outputs[0]),
        "count_distinct" => new CountDistinctState(Field, Outputs[0]),
        "sum" or "avg" or "min" or "max" or "stddev" => new NumericState(Function, Field, Outputs[0]),
        "pct" => new PercentileState(Field, Outputs, Percentiles),
        "first" or "last" => new FirstLastState(Function == "first", Field, Outputs[0], TimeOrdered),
        "values" => new ValuesState(Field, Outputs[0]),
        _ => throw new InvalidOperationException($"unknown aggregate {Function}"),
    };
}

/// <summary><c>count</c> counts rows; <c>count(f)</c> counts rows where f is not null.</summary>
internal sealed class CountState(int field, int output) : AggregateState
{
    private long _count;

    public override void Add(FieldValue[] row)
    {
        if (field < 0 || !Rows.Get(row, field).IsNull)
        {
            _count++;
        }
    }

    public override FieldValue[] Write(FieldValue[] output1) => Rows.Set(output1, output, _count);
}

/// <summary>Exact distinct count of the values' text; an empty string counts, null does not.</summary>
internal sealed class CountDistinctState(int field, int output) : AggregateState
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public override void Add(FieldValue[] row)
    {
        var value = Rows.Get(row, field);
        if (!value.IsNull)
        {
            _seen.Add(value.ToString());
        }
    }

    public override FieldValue[] Write(FieldValue[] output1) => Rows.Set(output1, output, (long)_seen.Count);
}

/// <summary>sum, avg, min, max and stddev (sample, n-1; one value gives 0) over values that read as
/// numbers; others are skipped. No numeric value at all gives null.</summary>
internal sealed class NumericState(string function, int field, int output) : AggregateState
{
    private long _count;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private double _mean;
    private double _m2;

    public override void Add(FieldValue[] row)
    {
        if (!Values.TryNumber(Rows.Get(row, field), out var x))
        {
            return;
        }

        _count++;
        _sum += x;
        _min = Math.Min(_min, x);
        _max = Math.Max(_max, x);
        var delta = x - _mean;
        _mean += delta / _count;
        _m2 += delta * (x - _mean);
    }

    public override FieldValue[] Write(FieldValue[] output1)
    {
        if (_count == 0)
        {
            return Rows.Set(output1, output, FieldValue.Null);
        }

        var value = function switch
        {
            "sum" => _sum,
            "avg" => _sum / _count,
            "min" => _min,
            "max" => _max,
            _ => _count > 1 ? Math.Sqrt(_m2 / (_count - 1)) : 0,
        };
        return Rows.Set(output1, output, value);
    }
}

/// <summary>Exact percentiles with linear interpolation between the closest ranks (rank = p/100·(n−1)).</summary>
internal sealed class PercentileState(int field, int[] outputs, double[] percentiles) : AggregateState
{
    private readonly List<double> _values = [];

    public override void Add(FieldValue[] row)
    {
        if (Values.TryNumber(Rows.Get(row, field), out var x))
        {
            _values.Add(x);
        }
    }

    public override FieldValue[] Write(FieldValue[] output)
    {
        _values.Sort();
        for (var i = 0; i < outputs.Length; i++)
        {
            output = Rows.Set(output, outputs[i], _values.Count == 0 ? FieldValue.Null : Percentile(percentiles[i]));
        }

        return output;
    }

    private double Percentile(double p)
    {
        var rank = p / 100 * (_values.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, _values.Count - 1);
        return _values[low] + ((_values[high] - _values[low]) * (rank - low));
    }
}

/// <summary>first/last: over messages, first is the most recent and last the oldest (Sumo's default
/// newest-first order); over rows of an earlier aggregate, the arrival order.</summary>
internal sealed class FirstLastState(bool first, int field, int output, bool timeOrdered) : AggregateState
{
    private FieldValue _value;
    private long _time;
    private bool _any;

    public override void Add(FieldValue[] row)
    {
        var value = Rows.Get(row, field);
        if (!timeOrdered)
        {
            if (first ? !_any : true)
            {
                _value = value;
            }

            _any = true;
            return;
        }

        var time = Rows.Get(row, FieldSlots.MessageTime).TryGetNumber(out var t) ? (long)t : 0;
        if (!_any || (first ? time > _time : time < _time))
        {
            _value = value;
            _time = time;
        }

        _any = true;
    }

    public override FieldValue[] Write(FieldValue[] output1) => Rows.Set(output1, output, _value);
}

/// <summary>Distinct values (at most 100), sorted ordinally (numbers before letters, upper before lower
/// case), joined by newlines.</summary>
internal sealed class ValuesState(int field, int output) : AggregateState
{
    private readonly SortedSet<string> _values = new(StringComparer.Ordinal);

    public override void Add(FieldValue[] row)
    {
        var value = Rows.Get(row, field);
        if (!value.IsNull && _values.Count < 100)
        {
            _values.Add(value.ToString());
        }
    }

    public override FieldValue[] Write(FieldValue[] output1) => Rows.Set(output1, output, string.Join('\n', _values));
}

internal static class PercentileNames
{
    public static string Of(string field, string percentile) => "_" + field + "_pct_" + percentile.Replace('.', '_');

    public static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
