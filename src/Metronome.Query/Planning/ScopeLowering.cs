using Metronome.Query.Sources;
using Metronome.Query.Syntax.Ast;

namespace Metronome.Query.Planning;

/// <summary>Turns the scope into the storage-facing <see cref="ScanFilter"/>, and collects the
/// conjunctive facts (terms every match contains, field conditions every match meets) that a store can
/// check against block indexes before it looks at a single event.</summary>
public static class ScopeLowering
{
    public sealed record Result(ScanFilter Filter, IReadOnlyList<string> RequiredTerms, IReadOnlyList<FieldCondition> RequiredFields, bool ReadsRaw);

    public static Result Lower(ScopeExpr scope)
    {
        var filter = ToFilter(scope);
        var terms = new List<string>();
        var fields = new List<FieldCondition>();
        Collect(filter, terms, fields);
        return new Result(filter, terms.Distinct().ToList(), fields, ReadsRaw(filter));
    }

    private static ScanFilter ToFilter(ScopeExpr scopeNode) => scopeNode switch
    {
        ScopeAll => ScanFilter.All,
        KeywordTerm k => new KeywordFilter(k.Text, false, Terms.RequiredOf(k.Text, phrase: false)),
        PhraseTerm p => new KeywordFilter(p.Text, true, Terms.RequiredOf(p.Text, phrase: true)),
        FieldMatch f when f.Negated => new NotFilter(new FieldCondition(f.Field, f.Value, !f.Quoted)),
        FieldMatch f => new FieldCondition(f.Field, f.Value, !f.Quoted),
        ScopeNot n => new NotFilter(ToFilter(n.Operand)),
        ScopeAnd a => Flatten<AndFilter>(ToFilter(a.Left), ToFilter(a.Right), xs => new AndFilter(xs)),
        ScopeOr o => Flatten<OrFilter>(ToFilter(o.Left), ToFilter(o.Right), xs => new OrFilter(xs)),
        _ => throw new ArgumentOutOfRangeException(nameof(scopeNode)),
    };

    private static ScanFilter Flatten<T>(ScanFilter left, ScanFilter right, Func<List<ScanFilter>, T> make)
        where T : ScanFilter
    {
        var operands = new List<ScanFilter>();
        foreach (var side in new[] { left, right })
        {
            switch (side)
            {
                case AndFilter a when typeof(T) == typeof(AndFilter): operands.AddRange(a.Operands); break;
                case OrFilter o when typeof(T) == typeof(OrFilter): operands.AddRange(o.Operands); break;
                case MatchAll when typeof(T) == typeof(AndFilter): break;
                default: operands.Add(side); break;
            }
        }

        if (typeof(T) == typeof(OrFilter) && (left is MatchAll || right is MatchAll))
        {
            return ScanFilter.All;
        }

        return operands.Count switch
        {
            0 => ScanFilter.All,
            1 => operands[0],
            _ => make(operands),
        };
    }

    private static void Collect(ScanFilter filter, List<string> terms, List<FieldCondition> fields)
    {
        switch (filter)
        {
            case KeywordFilter k:
                terms.AddRange(k.Terms);
                break;
            case FieldCondition f when !(f.Wildcards && f.Pattern.All(c => c == '*')):
                fields.Add(f);
                break;
            case AndFilter a:
                foreach (var operand in a.Operands)
                {
                    Collect(operand, terms, fields);
                }

                break;
        }
    }

    private static bool ReadsRaw(ScanFilter filter) => filter switch
    {
        KeywordFilter => true,
        NotFilter n => ReadsRaw(n.Operand),
        AndFilter a => a.Operands.Any(ReadsRaw),
        OrFilter o => o.Operands.Any(ReadsRaw),
        _ => false,
    };
}
