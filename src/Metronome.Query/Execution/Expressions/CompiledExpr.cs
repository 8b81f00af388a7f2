using Metronome.Core.Events;

namespace Metronome.Query.Execution.Expressions;

/// <summary>A bound expression ready to run: a tree of small nodes evaluated per row, without
/// allocation for arithmetic, comparisons and field access.</summary>
public abstract class CompiledExpr
{
    public abstract FieldValue Evaluate(FieldValue[] row, QueryContext context);

    public bool IsTrue(FieldValue[] row, QueryContext context) => Values.Truthy(Evaluate(row, context));
}

public sealed class ConstantExpr(FieldValue value) : CompiledExpr
{
    public FieldValue Value { get; } = value;

    public override FieldValue Evaluate(FieldValue[] row, QueryContext context) => Value;
}

public sealed class SlotExpr(int slot) : CompiledExpr
{
    public int Slot { get; } = slot;

    public override FieldValue Evaluate(FieldValue[] row, QueryContext context) => Rows.Get(row, Slot);
}

public sealed class NotExpr(CompiledExpr operand) : CompiledExpr
{
    public override FieldValue Evaluate(FieldValue[] row, QueryContext context) => !operand.IsTrue(row, context);
}

public sealed class NegateExpr(CompiledExpr operand) : CompiledExpr
{
    public override FieldValue Evaluate(FieldValue[] row, QueryContext context)
    {
        var value = operand.Evaluate(row, context);
        if (value.Kind == FieldKind.Long && value.AsLong != long.MinValue)
        {
            return -value.AsLong;
        }

        return Values.TryNumber(value, out var number) ? FieldValue.From(-number) : FieldValue.Null;
    }
}

public sealed class AndExpr(CompiledExpr left, CompiledExpr right) : CompiledExpr
{
    public override FieldValue Evaluate(FieldValue[] row, QueryContext context) => left.IsTrue(row, context) && right.IsTrue(row, context);
}

public sealed class OrExpr(CompiledExpr left, CompiledExpr right) : CompiledExpr
{
    public override FieldValue Evaluate(FieldValue[] row, QueryContext context) => left.IsTrue(row, context) || right.IsTrue(row, context);
}

public sealed class ConditionalExprNode(CompiledExpr condition, CompiledExpr then, CompiledExpr otherwise) : CompiledExpr
{
    public override FieldValue Evaluate(FieldValue[] row, QueryContext context) =>
        condition.IsTrue(row, context) ? then.Evaluate(row, context) : otherwise.Evaluate(row, context);
}

public enum ComparisonKind
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>Comparisons; any comparison with null is false (so a where on a missing field drops the row).</summary>
public sealed class CompareExpr(ComparisonKind kind, CompiledExpr left, CompiledExpr right) : CompiledExpr
{
    public override FieldValue Evaluate(FieldValue[] row, QueryContext context)
    {
        var a = left.Evaluate(row, context);
        var b = right.Evaluate(row, context);
        if (a.IsNull || b.IsNull)
        {
            return false;
        }

        switch (kind)
        {
            case ComparisonKind.Equal: return Values.AreEqual(a, b);
            case ComparisonKind.NotEqual: return !Values.AreEqual(a, b);
        }

        var order = Values.Compare(a, b);
        return order is { } o && kind switch
        {
            ComparisonKind.Less => o < 0,
            ComparisonKind.LessOrEqual => o <= 0,
            ComparisonKind.Greater => o > 0,
            _ => o >= 0,
        };
    }
}

public enum ArithmeticKind
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

/// <summary>Arithmetic with implicit number conversion; longs stay longs for + - * % when exact, null
/// or a non-number operand gives null, division by zero gives null.</summary>
public sealed class ArithmeticExpr(ArithmeticKind kind, CompiledExpr left, CompiledExpr right) : CompiledExpr
{
    public override FieldValue Evaluate(FieldValue[] row, QueryContext context)
    {
        var a = left.Evaluate(row, context);
        var b = right.Evaluate(row, context);
        if (a.Kind == FieldKind.Long && b.Kind == FieldKind.Long && kind != ArithmeticKind.Divide)
        {
            var x = a.AsLong;
            var y = b.AsLong;
            try
            {
                switch (kind)
                {
                    case ArithmeticKind.Add: return checked(x + y);
                    case ArithmeticKind.Subtract: return checked(x - y);
                    case ArithmeticKind.Multiply: return checked(x * y);
                    case ArithmeticKind.Modulo: return y == 0 ? FieldValue.Null : x % y;
                }
            }
            catch (OverflowException)
            {
                // fall through to doubles
            }
        }

        if (!Values.TryNumber(a, out var l) || !Values.TryNumber(b, out var r))
        {
            return FieldValue.Null;
        }

        var result = kind switch
        {
            ArithmeticKind.Add => l + r,
            ArithmeticKind.Subtract => l - r,
            ArithmeticKind.Multiply => l * r,
            ArithmeticKind.Divide => r == 0 ? double.NaN : l / r,
            _ => r == 0 ? double.NaN : l % r,
        };
        return double.IsNaN(result) ? FieldValue.Null : FieldValue.From(result);
    }
}

public sealed class InListExpr(CompiledExpr subject, CompiledExpr[] items, bool negated) : CompiledExpr
{
    public override FieldValue Evaluate(FieldValue[] row, QueryContext context)
    {
        var value = subject.Evaluate(row, context);
        if (value.IsNull)
        {
            return false;
        }

        foreach (var item in items)
        {
            if (Values.AreEqual(value, item.Evaluate(row, context)))
            {
                return !negated;
            }
        }

        return negated;
    }
}
