using System.Runtime.CompilerServices;
using Metronome.Core.Events;

namespace Metronome.Query.Execution.Expressions;

/// <summary>A function body: receives evaluated arguments.</summary>
public delegate FieldValue FunctionBody(ReadOnlySpan<FieldValue> arguments, QueryContext context);

/// <summary>Calls a library function; arguments are evaluated into an inline buffer, not an array.</summary>
public sealed class CallExprNode(FunctionBody body, CompiledExpr[] arguments) : CompiledExpr
{
    public const int MaxArguments = 16;

    public override FieldValue Evaluate(FieldValue[] row, QueryContext context)
    {
        var buffer = default(ArgumentBuffer);
        Span<FieldValue> values = buffer;
        for (var i = 0; i < arguments.Length; i++)
        {
            values[i] = arguments[i].Evaluate(row, context);
        }

        return body(values[..arguments.Length], context);
    }

    [InlineArray(MaxArguments)]
    private struct ArgumentBuffer
    {
        private FieldValue _first;
    }
}
