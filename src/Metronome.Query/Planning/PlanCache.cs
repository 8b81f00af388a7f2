using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Metronome.Query.Execution;
using Metronome.Query.Sources;
using Metronome.Query.Syntax;

namespace Metronome.Query.Planning;

/// <summary>Bound plans of recent queries, so that a dashboard's or a client's repeated query skips
/// parsing and binding (for a query the store answers in a fraction of a millisecond, they are a large
/// part of its time). A plan is a function of what the key holds, plus the time range when
/// <see cref="QueryPlan.ReadsTimeRange"/>; failed bindings are not kept, so errors are reported afresh.</summary>
internal sealed class PlanCache(int capacity)
{
    private readonly ConcurrentDictionary<Key, Entry> _plans = new();

    public static PlanCache Shared { get; } = new(1024);

    public bool TryGet(SourceText source, QueryRequest request, SourceCapabilities? capabilities, [NotNullWhen(true)] out QueryPlan? plan)
    {
        if (_plans.TryGetValue(KeyOf(source, request, capabilities), out var entry)
            && (!entry.Plan.ReadsTimeRange || (entry.From == request.From && entry.To == request.To)))
        {
            plan = entry.Plan;
            return true;
        }

        plan = null;
        return false;
    }

    public void Add(SourceText source, QueryRequest request, SourceCapabilities? capabilities, QueryPlan plan)
    {
        if (_plans.Count >= capacity)
        {
            // A crude bound, but a cache this size only fills when queries are mostly one-offs, which
            // gain nothing from it; the ones that repeat are back after one miss.
            _plans.Clear();
        }

        _plans[KeyOf(source, request, capabilities)] = new Entry(plan, request.From, request.To);
    }

    private static Key KeyOf(SourceText source, QueryRequest request, SourceCapabilities? capabilities) =>
        new(source.Text, source.Original, request.TimeZone, request.WherePushdown, request.Geo, capabilities ?? SourceCapabilities.None);

    /// <summary>Everything binding reads besides the time range. The query text after substitution and
    /// before it (positions in messages and rewrites refer to both); the geo database and source
    /// capabilities by identity.</summary>
    private readonly record struct Key(string Text, string Original, string TimeZone, bool WherePushdown, object? Geo, SourceCapabilities Capabilities)
    {
        // Without template variables both texts are one string: hash it once.
        public override int GetHashCode() => HashCode.Combine(
            Text,
            ReferenceEquals(Text, Original) ? 0 : Original.GetHashCode(StringComparison.Ordinal),
            TimeZone,
            WherePushdown,
            Geo is null ? 0 : RuntimeHelpers.GetHashCode(Geo),
            Capabilities);

        public bool Equals(Key other) =>
            string.Equals(Text, other.Text, StringComparison.Ordinal) && string.Equals(Original, other.Original, StringComparison.Ordinal)
            && string.Equals(TimeZone, other.TimeZone, StringComparison.Ordinal) && WherePushdown == other.WherePushdown
            && ReferenceEquals(Geo, other.Geo) && Capabilities == other.Capabilities;
    }

    private sealed record Entry(QueryPlan Plan, DateTimeOffset From, DateTimeOffset To);
}
