using System.Globalization;
using System.Text.RegularExpressions;
using Metronome.Query.Execution;
using Metronome.Query.Sources;
using Metronome.Query.Syntax.Ast;

namespace Metronome.Query.Planning;

/// <summary>
/// States a conjunct of a leading <c>where</c> as a <see cref="FieldRegexFilter"/> when that is exactly the
/// engine's answer for every value, so the scan (and a store's indexes and columnar aggregation) can apply
/// it. Each form below is null-false like the engine (a comparison or <c>matches</c> with null is false),
/// and the regex runs on <see cref="Core.Events.FieldValue.ToString"/>, the text the engine tests:
/// <list type="bullet">
/// <item><c>f matches /re/</c>: the regex itself (the engine's RegexMatchExpr).</item>
/// <item><c>f [not] matches "glob"</c>: the glob's anchored regex in single-line mode, or its negative lookahead.</item>
/// <item><c>f = "text"</c>, <c>f != "text"</c>, <c>f [not] in ("a", "b")</c> (Heroku's <c>status not in ("200")</c>):
/// a string literal equals a string value ordinally, and a number value numerically when the literal reads
/// as a number. For a literal that does not read as a number, or that is the canonical text of its number
/// (<c>"200"</c>, <c>"0.5"</c>, not <c>"200.0"</c> or <c>"5e2"</c>), that is ordinal equality of the value's text,
/// i.e. <c>^(?:a|b)\z</c> or its negation.</item>
/// <item><c>contains(f, "text")</c>: ordinal substring, i.e. the escaped text.</item>
/// </list>
/// Not pushed: number literals (<c>status = 500</c> converts text such as " 500" or "5e2", which no store
/// filter states), <c>!(...)</c> (true for null), general regex negation, OR, expressions over several fields.
/// </summary>
internal static class WherePushdown
{
    /// <summary>The top-level AND operands of a condition, in order.</summary>
    public static List<Expr> Conjuncts(Expr condition)
    {
        var result = new List<Expr>();
        Collect(condition, result);
        return result;

        static void Collect(Expr e, List<Expr> into)
        {
            if (e is BinaryExpr { Op: BinaryOp.And } and)
            {
                Collect(and.Left, into);
                Collect(and.Right, into);
            }
            else
            {
                into.Add(e);
            }
        }
    }

    /// <summary>The scan filter equal to <paramref name="conjunct"/>, or null when it has none.</summary>
    public static FieldRegexFilter? TryLower(Expr conjunct)
    {
        switch (conjunct)
        {
            case MatchesExpr { Subject: FieldRef f, Pattern: RegexLiteral r, Negated: false }:
                return new FieldRegexFilter(f.Name, r.Pattern, null);
            case MatchesExpr { Subject: FieldRef f, Pattern: StringLiteral glob } m:
                var anchored = Glob.ToPattern(glob.Value);
                return m.Negated
                    ? new FieldRegexFilter(f.Name, "(?s)^(?!" + anchored[1..] + ")", null)
                    : new FieldRegexFilter(f.Name, "(?s)" + anchored, glob.Value.IndexOfAny(['*', '?']) < 0 ? [glob.Value] : null);
            case BinaryExpr { Op: BinaryOp.Equal or BinaryOp.NotEqual } b when FieldAndText(b) is var (field, text) && field is not null:
                return OneOf(field, [text!], negated: b.Op == BinaryOp.NotEqual);
            case InExpr { Subject: FieldRef f } i when i.Items.All(IsText):
                return OneOf(f.Name, i.Items.Select(x => ((StringLiteral)x).Value).ToList(), i.Negated);
            case CallExpr { Arguments: [FieldRef f, StringLiteral needle] } call when call.Function.Equals("contains", StringComparison.OrdinalIgnoreCase):
                return new FieldRegexFilter(f.Name, Regex.Escape(needle.Value), null);
            default:
                return null;
        }
    }

    private static FieldRegexFilter OneOf(string field, List<string> texts, bool negated)
    {
        var alternatives = "(?:" + string.Join('|', texts.Select(Regex.Escape)) + @")\z";
        return negated
            ? new FieldRegexFilter(field, "^(?!" + alternatives + ")", null)
            : new FieldRegexFilter(field, "^" + alternatives, texts);
    }

    private static (string? Field, string? Text) FieldAndText(BinaryExpr b) => (b.Left, b.Right) switch
    {
        (FieldRef f, StringLiteral s) when IsText(s) => (f.Name, s.Value),
        (StringLiteral s, FieldRef f) when IsText(s) => (f.Name, s.Value),
        _ => (null, null),
    };

    /// <summary>A string literal whose equality with any value is equality of texts (see the class remarks).</summary>
    private static bool IsText(Expr e) => e is StringLiteral s && (!Values.TryParseNumber(s.Value, out var number) || IsCanonical(s.Value, number));

    /// <summary>A number's own text: what every Long or Double of that value prints (below 1e15 both print
    /// plain digits), so a number value equals it exactly when its text does. Not zero: a Double -0 prints
    /// "-0" but equals "0".</summary>
    private static bool IsCanonical(string text, double number) =>
        number != 0 && Math.Abs(number) < 1e15 && number.ToString("R", CultureInfo.InvariantCulture) == text;
}
