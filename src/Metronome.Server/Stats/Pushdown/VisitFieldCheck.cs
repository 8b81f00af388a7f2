using Metronome.Ingest.Web;
using Metronome.Storage;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;

namespace Metronome.Server.Stats.Pushdown;

/// <summary>
/// A visit dimension reads the visit's first pageview. When every visitor of the period has one value
/// of the field on all their events (or none on any), each event carries its visit's value and the
/// field can be grouped per event. Enrichment derives browser, OS, device and country from what the
/// visitor id is hashed from, so they pass; sources usually vary between a visitor's visits and fail.
/// The check is exact: the distinct visitors per value add up to the distinct visitors overall only
/// when no visitor has two values (the events without the field count as one more value).
/// </summary>
public sealed class VisitFieldCheck(IEventStore store, ScanQuery webEvents, CancellationToken cancellationToken)
{
    private readonly Dictionary<string, bool> _checked = new(StringComparer.Ordinal);
    private long? _visitors;

    public bool IsPerVisitor(string field)
    {
        if (!_checked.TryGetValue(field, out bool perVisitor))
        {
            perVisitor = SumOverValues(field) == Visitors();
            _checked[field] = perVisitor;
        }

        return perVisitor;
    }

    private long Visitors() => _visitors ??= DistinctVisitors(store, webEvents, [], cancellationToken).Sum();

    private long SumOverValues(string field) => DistinctVisitors(store, webEvents, [new FieldGroupKey(field)], cancellationToken).Sum();

    private static IEnumerable<long> DistinctVisitors(IEventStore store, ScanQuery scan, IReadOnlyList<GroupKey> keys, CancellationToken cancellationToken) =>
        store.Aggregate(new AggregateQuery(scan, keys, [new AggregateSpec(AggregateKind.CountDistinct, WebFields.Visitor)]), cancellationToken)
            .Rows.Select(r => r.Values[0].AsLong);
}
