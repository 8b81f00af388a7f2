using System.Text.RegularExpressions;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Execution;

/// <summary>Decides whether one hit passes a filter tree. Event filters look at the hit, visit filters
/// at its visit: a visit filter keeps or drops all of a visit's events together.</summary>
public sealed class FilterEvaluator(DimensionReader reader)
{
    public bool Matches(StatsFilter filter, int hitIndex) => filter switch
    {
        AndFilter and => and.Filters.All(f => Matches(f, hitIndex)),
        OrFilter or => or.Filters.Any(f => Matches(f, hitIndex)),
        NotFilter not => !Matches(not.Filter, hitIndex),
        SimpleFilter simple => MatchesSimple(simple, hitIndex),
        _ => throw new InvalidOperationException("unknown filter " + filter.GetType().Name),
    };

    private bool MatchesSimple(SimpleFilter filter, int hitIndex)
    {
        if (filter.Dimension.Kind == DimensionKind.Goal)
        {
            return MatchesGoal(filter, reader.Dataset.Hits[hitIndex]);
        }

        return MatchesValue(filter, reader.Read(filter.Dimension, hitIndex));
    }

    /// <summary>Whether a filter tree that reads one dimension (not <c>event:goal</c>) holds for a value of it.</summary>
    public static bool MatchesValue(StatsFilter filter, string value) => filter switch
    {
        AndFilter and => and.Filters.All(f => MatchesValue(f, value)),
        OrFilter or => or.Filters.Any(f => MatchesValue(f, value)),
        NotFilter not => !MatchesValue(not.Filter, value),
        SimpleFilter simple => MatchesSimpleValue(simple, value),
        _ => throw new InvalidOperationException("unknown filter " + filter.GetType().Name),
    };

    private static bool MatchesSimpleValue(SimpleFilter filter, string value)
    {
        bool any = false;
        for (int i = 0; i < filter.Clauses.Count && !any; i++)
        {
            any = filter.Operator switch
            {
                FilterOperator.Is or FilterOperator.IsNot => Equal(value, Alias(filter, filter.Clauses[i]), filter.CaseSensitive),
                FilterOperator.Contains or FilterOperator.ContainsNot => value.Contains(filter.Clauses[i], Comparison(filter.CaseSensitive)),
                _ => SafeMatch(filter.Patterns[i], value),
            };
        }

        return filter.IsNegated ? !any : any;
    }

    /// <summary>A goal clause <c>Visit /path</c> (<c>*</c> matches any run of characters) is a pageview
    /// of that page; any other clause names an event.</summary>
    private static bool MatchesGoal(SimpleFilter filter, in StatsHit hit) => MatchesGoal(filter, DimensionReader.GoalOf(hit), hit.IsPageview);

    /// <summary>Whether a goal filter holds for a hit whose goal is <paramref name="goal"/>.</summary>
    public static bool MatchesGoal(SimpleFilter filter, string goal, bool isPageview)
    {
        foreach (var clause in filter.Clauses)
        {
            bool match = filter.Operator == FilterOperator.Contains
                ? goal.Contains(clause, Comparison(filter.CaseSensitive))
                : clause.StartsWith(StatsNames.VisitGoalPrefix, StringComparison.Ordinal) && clause.Contains('*', StringComparison.Ordinal)
                    ? isPageview && Wildcard(clause, filter.CaseSensitive).IsMatch(goal)
                    : Equal(goal, clause, filter.CaseSensitive);
            if (match)
            {
                return true;
            }
        }

        return false;
    }

    public static string Alias(SimpleFilter filter, string clause) =>
        filter.Dimension.Field == Core.Events.FieldNames.Name && clause == StatsNames.PlausiblePageview ? StatsNames.Pageview : clause;

    private static bool Equal(string value, string clause, bool caseSensitive) => string.Equals(value, clause, Comparison(caseSensitive));

    private static StringComparison Comparison(bool caseSensitive) => caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    private static Regex Wildcard(string clause, bool caseSensitive) =>
        new("^" + Regex.Escape(clause).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
            caseSensitive ? RegexOptions.CultureInvariant : RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static bool SafeMatch(Regex pattern, string value)
    {
        try
        {
            return pattern.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new StatsQueryException("filters", $"The regular expression '{pattern}' takes too long to match");
        }
    }
}
