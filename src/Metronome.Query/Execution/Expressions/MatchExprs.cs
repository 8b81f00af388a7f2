using System.Text.RegularExpressions;
using Metronome.Core.Events;
using Metronome.Query.Sources;

namespace Metronome.Query.Execution.Expressions;

/// <summary><c>x matches "glob"</c>: whole-string, case-sensitive wildcard match.</summary>
public sealed class GlobMatchExpr(CompiledExpr subject, Regex glob, bool negated) : CompiledExpr
{
    public override FieldValue Evaluate(FieldValue[] row, QueryContext context)
    {
        var value = subject.Evaluate(row, context);
        return !value.IsNull && glob.IsMatch(value.ToString()) != negated;
    }
}

/// <summary><c>x matches /re/</c>: an unanchored regex search, as <c>_raw matches /(?i)error/</c> needs.</summary>
public sealed class RegexMatchExpr(CompiledExpr subject, Regex regex, bool negated) : CompiledExpr
{
    public override FieldValue Evaluate(FieldValue[] row, QueryContext context)
    {
        var value = subject.Evaluate(row, context);
        return !value.IsNull && regex.IsMatch(value.ToString()) != negated;
    }
}

/// <summary><c>x matches p</c> where p is computed per row (<c>concat("*", a, "*") as p</c>).</summary>
public sealed class DynamicGlobMatchExpr(CompiledExpr subject, CompiledExpr pattern, bool negated) : CompiledExpr
{
    public override FieldValue Evaluate(FieldValue[] row, QueryContext context)
    {
        var value = subject.Evaluate(row, context);
        var p = pattern.Evaluate(row, context);
        return !value.IsNull && !p.IsNull && Glob.ToRegex(p.ToString(), ignoreCase: false).IsMatch(value.ToString()) != negated;
    }
}

/// <summary><c>replace(s, /re/, "repl")</c>: regex replacement of every match.</summary>
public sealed class RegexReplaceExpr(CompiledExpr subject, Regex regex, CompiledExpr replacement) : CompiledExpr
{
    public override FieldValue Evaluate(FieldValue[] row, QueryContext context)
    {
        var value = subject.Evaluate(row, context);
        if (value.IsNull)
        {
            return FieldValue.Null;
        }

        return regex.Replace(value.ToString(), Values.Text(replacement.Evaluate(row, context)) ?? "");
    }
}
