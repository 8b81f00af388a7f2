using System.Globalization;
using System.Text.RegularExpressions;
using Metronome.Core.Events;
using Metronome.Query.Diagnostics;
using Metronome.Query.Execution;
using Metronome.Query.Execution.Expressions;
using Metronome.Query.Execution.Functions;
using Metronome.Query.Sources;
using Metronome.Query.Syntax;
using Metronome.Query.Syntax.Ast;

namespace Metronome.Query.Planning;

/// <summary>Expression binding: names to slots, functions to bodies, patterns to compiled regexes.</summary>
public sealed partial class Binder
{
    private CompiledExpr BindExpr(Expr expr)
    {
        switch (expr)
        {
            case StringLiteral s:
                return new ConstantExpr(s.Value);
            case NumberLiteral n:
                return new ConstantExpr(NumberValue(n));
            case BoolLiteral b:
                return new ConstantExpr(b.Value);
            case NullLiteral:
                return new ConstantExpr(FieldValue.Null);
            case FieldRef f:
                return new SlotExpr(Read(f.Name));
            case RegexLiteral r:
                throw Error(DiagnosticCode.InvalidArgument, "a /regex/ is only allowed after 'matches' or as the pattern of replace()", r.Span);
            case UnaryExpr { Op: UnaryOp.Not } u:
                return new NotExpr(BindExpr(u.Operand));
            case UnaryExpr u:
                return new NegateExpr(BindExpr(u.Operand));
            case BinaryExpr b:
                return BindBinary(b);
            case MatchesExpr m:
                return BindMatches(m);
            case InExpr i:
                return new InListExpr(BindExpr(i.Subject), i.Items.Select(BindExpr).ToArray(), i.Negated);
            case ConditionalExpr c:
                return new ConditionalExprNode(BindExpr(c.Condition), BindExpr(c.Then), BindExpr(c.Else));
            case CallExpr call:
                return BindCall(call);
            default:
                throw Error(DiagnosticCode.InvalidArgument, "unsupported expression", expr.Span);
        }
    }

    internal static FieldValue NumberValue(NumberLiteral n)
    {
        var isInteger = n.Text.All(char.IsAsciiDigit);
        if (isInteger && long.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        return n.Value;
    }

    private CompiledExpr BindBinary(BinaryExpr b)
    {
        var left = BindExpr(b.Left);
        var right = BindExpr(b.Right);
        return b.Op switch
        {
            BinaryOp.And => new AndExpr(left, right),
            BinaryOp.Or => new OrExpr(left, right),
            BinaryOp.Equal => new CompareExpr(ComparisonKind.Equal, left, right),
            BinaryOp.NotEqual => new CompareExpr(ComparisonKind.NotEqual, left, right),
            BinaryOp.Less => new CompareExpr(ComparisonKind.Less, left, right),
            BinaryOp.LessOrEqual => new CompareExpr(ComparisonKind.LessOrEqual, left, right),
            BinaryOp.Greater => new CompareExpr(ComparisonKind.Greater, left, right),
            BinaryOp.GreaterOrEqual => new CompareExpr(ComparisonKind.GreaterOrEqual, left, right),
            BinaryOp.Add => new ArithmeticExpr(ArithmeticKind.Add, left, right),
            BinaryOp.Subtract => new ArithmeticExpr(ArithmeticKind.Subtract, left, right),
            BinaryOp.Multiply => new ArithmeticExpr(ArithmeticKind.Multiply, left, right),
            BinaryOp.Divide => new ArithmeticExpr(ArithmeticKind.Divide, left, right),
            _ => new ArithmeticExpr(ArithmeticKind.Modulo, left, right),
        };
    }

    private CompiledExpr BindMatches(MatchesExpr m)
    {
        var subject = BindExpr(m.Subject);
        return m.Pattern switch
        {
            StringLiteral s => new GlobMatchExpr(subject, Glob.ToRegex(s.Value, ignoreCase: false), m.Negated),
            RegexLiteral r => new RegexMatchExpr(subject, CompileRegex(r.Pattern, RegexOptions.None, r.Span), m.Negated),
            _ => new DynamicGlobMatchExpr(subject, BindExpr(m.Pattern), m.Negated),
        };
    }

    private CompiledExpr BindCall(CallExpr call)
    {
        if (call.Function.Equals("replace", StringComparison.OrdinalIgnoreCase) && call.Arguments.Count == 3 && call.Arguments[1] is RegexLiteral pattern)
        {
            var regex = CompileRegex(pattern.Pattern, RegexOptions.None, pattern.Span);
            return new RegexReplaceExpr(BindExpr(call.Arguments[0]), regex, BindExpr(call.Arguments[2]));
        }

        if (Parser.AggregateFunctions.Contains(call.Function))
        {
            throw Error(DiagnosticCode.UnknownFunction, $"{call.Function}() is an aggregate: use it as its own stage ('| {call.Function}(x) as a') and compute with the result in a later stage", call.Span);
        }

        if (!FunctionLibrary.TryGet(call.Function, out var function))
        {
            throw Error(DiagnosticCode.UnknownFunction, $"unknown function '{call.Function}'", call.Span);
        }

        if (call.Arguments.Count < function.MinArguments || call.Arguments.Count > function.MaxArguments)
        {
            var expected = function.MinArguments == function.MaxArguments ? $"{function.MinArguments}" : $"{function.MinArguments} to {function.MaxArguments}";
            throw Error(DiagnosticCode.WrongArgumentCount, $"{function.Name}() takes {expected} arguments, not {call.Arguments.Count}", call.Span);
        }

        if (function.Name == "if")
        {
            return new ConditionalExprNode(BindExpr(call.Arguments[0]), BindExpr(call.Arguments[1]), BindExpr(call.Arguments[2]));
        }

        var arguments = call.Arguments.Select(BindExpr).ToArray();
        if (arguments.All(a => a is ConstantExpr) && function.Name is not ("now" or "queryStartTime" or "queryEndTime" or "formatDate" or "parseDate"))
        {
            // Fold constant calls once, at bind time.
            return new ConstantExpr(new CallExprNode(function.Body, arguments).Evaluate([], _constantContext));
        }

        return new CallExprNode(function.Body, arguments);
    }

    private Regex CompileRegex(string pattern, RegexOptions options, SourceSpan span)
    {
        try
        {
            return RegexCache.Get(pattern, options);
        }
        catch (ArgumentException e)
        {
            throw Error(DiagnosticCode.InvalidRegex, $"invalid regular expression: {e.Message}", span);
        }
    }
}
