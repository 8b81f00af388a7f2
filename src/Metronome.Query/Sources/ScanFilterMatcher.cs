using System.Text.RegularExpressions;
using Metronome.Core.Events;

namespace Metronome.Query.Sources;

/// <summary>The reference evaluation of a <see cref="ScanFilter"/> over an event: used by the in-memory
/// source, by the engine when a source returns unverified batches, and available to store adapters.</summary>
public sealed class ScanFilterMatcher
{
    private readonly Func<Event, bool> _predicate;

    public ScanFilterMatcher(ScanFilter filter)
    {
        IsAll = filter is MatchAll;
        _predicate = Compile(filter);
    }

    public bool IsAll { get; }

    public bool Matches(Event e) => _predicate(e);

    private static Func<Event, bool> Compile(ScanFilter filter)
    {
        switch (filter)
        {
            case MatchAll:
                return static _ => true;
            case KeywordFilter k:
                var keyword = new KeywordMatcher(k.Text, k.Phrase);
                return e => e.Get(FieldNames.Raw) is { Kind: FieldKind.String } raw && keyword.IsMatch(raw.AsString);
            case FieldCondition f:
                return CompileField(f);
            case FieldRegexFilter r:
                // The engine's RegexMatchExpr: same cache, same options.
                var regex = Execution.RegexCache.Get(r.Pattern, RegexOptions.None);
                var field = r.Field;
                return e => EventFields.Get(e, field) is { IsNull: false } v && regex.IsMatch(v.ToString());
            case NotFilter n:
                var operand = Compile(n.Operand);
                return e => !operand(e);
            case AndFilter a:
                var all = a.Operands.Select(Compile).ToArray();
                return e =>
                {
                    foreach (var p in all)
                    {
                        if (!p(e))
                        {
                            return false;
                        }
                    }

                    return true;
                };
            case OrFilter o:
                var any = o.Operands.Select(Compile).ToArray();
                return e =>
                {
                    foreach (var p in any)
                    {
                        if (p(e))
                        {
                            return true;
                        }
                    }

                    return false;
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(filter));
        }
    }

    private static Func<Event, bool> CompileField(FieldCondition f)
    {
        if (f.Wildcards && f.Pattern.Length > 0 && f.Pattern.All(c => c == '*'))
        {
            return static _ => true;
        }

        var name = f.Field;
        if (!f.Wildcards || f.Pattern.IndexOfAny(['*', '?']) < 0)
        {
            var expected = f.Pattern;
            return e => EventFields.Get(e, name) is { IsNull: false } v && string.Equals(v.ToString(), expected, StringComparison.OrdinalIgnoreCase);
        }

        var regex = Glob.ToRegex(f.Pattern, ignoreCase: true);
        return e => EventFields.Get(e, name) is { IsNull: false } v && regex.IsMatch(v.ToString());
    }
}
