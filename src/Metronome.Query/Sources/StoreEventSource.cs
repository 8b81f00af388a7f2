using System.Runtime.CompilerServices;
using Metronome.Core.Events;
using Metronome.Query.Diagnostics;
using Metronome.Storage;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;
using StoreAggregate = Metronome.Storage.Aggregation.AggregateSpec;

namespace Metronome.Query.Sources;

/// <summary>The query engine's view of an <see cref="IEventStore"/>: scans with the scope pushed down as
/// far as the store evaluates it (see <see cref="StoreScanTranslation"/>), and answers a plan's first
/// aggregation with the store's columnar <see cref="IEventStore.Aggregate"/> when the scope is pushed
/// exactly.</summary>
public sealed class StoreEventSource(IEventStore store, int batchSize = 1024) : IEventSource, IAggregateSource
{
    /// <summary>No <see cref="SourceCapabilities.DigitFieldsFromRaw"/>: the Heroku router decoder stores
    /// <c>connect</c>/<c>service</c>/<c>status</c>/<c>bytes</c> as Longs from the logfmt pair itself, which
    /// breaks the contract's "iff" on real lines: <c>K=</c> earlier in <c>_raw</c> (inside <c>path</c>'s query
    /// string or a key ending in K) makes the regex capture other digits; <c>status=0200</c> stores 200 while
    /// the regex captures "0200"; <c>connect=-1ms</c> stores -1 where the regex fails; <c>bytes=12abc</c> or
    /// an overflowing number is stored as text where the regex matches. Claiming it would change results.</summary>
    public SourceCapabilities Describe(ScanSpec spec) => SourceCapabilities.None;

    public async IAsyncEnumerable<EventBatch> ScanAsync(ScanSpec spec, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The store scans synchronously; yield once so a caller on a request thread gets its task back.
        await Task.Yield();
        var translation = StoreScanTranslation.Of(spec);
        foreach (var events in Batches(spec, translation, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new EventBatch(events, translation.Exact);
        }
    }

    /// <summary>Whole events for raw queries; for the others only the fields the engine reads (and the
    /// scope's, when the engine re-checks it), read column by column (see <see cref="ProjectedEvents"/>).</summary>
    private IEnumerable<IReadOnlyList<Event>> Batches(ScanSpec spec, StoreScanTranslation translation, CancellationToken cancellationToken)
    {
        if (spec.Fields is null)
        {
            var batch = new List<Event>(batchSize);
            foreach (var e in store.Scan(translation.Query, cancellationToken))
            {
                batch.Add(e);
                if (batch.Count == batchSize)
                {
                    yield return batch;
                    batch = new List<Event>(batchSize);
                }
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }

            yield break;
        }

        var projection = new ProjectedEvents(spec.App, translation.Exact ? spec.Fields : spec.Fields.Concat(ScopeFields(spec.Filter)));
        foreach (var part in store.ScanColumns(translation.Query, projection.Columns, cancellationToken))
        {
            foreach (var block in part)
            {
                for (var from = 0; from < block.Count; from += batchSize)
                {
                    yield return projection.Events(block, from, Math.Min(batchSize, block.Count - from));
                }
            }
        }
    }

    /// <summary>The fields the scope reads, for the engine's re-check of it.</summary>
    private static IEnumerable<string> ScopeFields(ScanFilter filter) => filter switch
    {
        KeywordFilter => [FieldNames.Raw],
        FieldCondition f => [f.Field],
        FieldRegexFilter r => [r.Field],
        NotFilter n => ScopeFields(n.Operand),
        AndFilter a => a.Operands.SelectMany(ScopeFields),
        OrFilter o => o.Operands.SelectMany(ScopeFields),
        _ => [],
    };

    /// <summary>Declines (null) unless the scope is pushed exactly. Agrees with the engine for fields that
    /// hold numbers as numbers (the store's columnar path skips numeric text that the engine would convert)
    /// and single-typed fields for count_distinct (the store tells Long 5 from "5").</summary>
    public AggregateAnswer? TryAggregate(ScanSpec spec, AggregateRequest request, CancellationToken cancellationToken)
    {
        var translation = StoreScanTranslation.Of(spec);
        if (!translation.Exact)
        {
            return null;
        }

        var keys = new List<GroupKey>(request.GroupBy.Count);
        foreach (var key in request.GroupBy)
        {
            keys.Add(key.TimesliceMs is long period ? new TimeBucketKey(period * 1000, request.Zone) : new FieldGroupKey(key.Field!));
        }

        var specs = new List<StoreAggregate>(request.Aggregates.Count);
        var plan = new List<(int At, int? EmptyWhenNull)>();
        foreach (var aggregate in request.Aggregates)
        {
            plan.Add((specs.Count, null));
            switch (aggregate.Function)
            {
                case "count": specs.Add(StoreAggregate.Count()); break;
                case "sum":
                    // The store's sum of no numbers is 0, the engine's null: an avg beside it tells them apart.
                    specs.Add(new StoreAggregate(AggregateKind.Sum, aggregate.Field));
                    plan[^1] = (plan[^1].At, specs.Count);
                    specs.Add(new StoreAggregate(AggregateKind.Avg, aggregate.Field));
                    break;
                case "min": specs.Add(new StoreAggregate(AggregateKind.Min, aggregate.Field)); break;
                case "max": specs.Add(new StoreAggregate(AggregateKind.Max, aggregate.Field)); break;
                case "avg": specs.Add(new StoreAggregate(AggregateKind.Avg, aggregate.Field)); break;
                case "count_distinct": specs.Add(new StoreAggregate(AggregateKind.CountDistinct, aggregate.Field)); break;
                case "pct": specs.Add(new StoreAggregate(AggregateKind.Quantiles, aggregate.Field, aggregate.Percentiles.Select(p => p / 100).ToArray())); break;
                default: return null;
            }
        }

        AggregateResult result;
        try
        {
            result = store.Aggregate(new AggregateQuery(translation.Query, keys, specs) { MaxGroups = request.MaxGroups }, cancellationToken);
        }
        catch (TooManyGroupsException)
        {
            throw new QueryException(Diagnostic.Unpositioned(DiagnosticCode.TooManyGroups,
                $"the aggregation produced more than {request.MaxGroups} groups; group by fewer or coarser fields"));
        }

        var rows = new List<(FieldValue[], FieldValue[])>(result.Rows.Count);
        if (specs.Count == request.Aggregates.Count)
        {
            // No companion aggregates: the store's outputs are the answer's, in the same order.
            foreach (var row in result.Rows)
            {
                rows.Add((row.Keys, row.Values));
            }

            return new AggregateAnswer(rows, result.Scanned, result.Matched);
        }

        var offsets = OutputOffsets(specs);
        var width = 0;
        foreach (var aggregate in request.Aggregates)
        {
            width += aggregate.Width;
        }

        foreach (var row in result.Rows)
        {
            var values = new FieldValue[width];
            var at = 0;
            for (var a = 0; a < request.Aggregates.Count; a++)
            {
                var (first, emptyWhenNull) = plan[a];
                var empty = emptyWhenNull is int companion && row.Values[offsets[companion]].IsNull;
                for (var w = 0; w < request.Aggregates[a].Width; w++)
                {
                    values[at++] = empty ? FieldValue.Null : row.Values[offsets[first] + w];
                }
            }

            rows.Add((row.Keys, values));
        }

        return new AggregateAnswer(rows, result.Scanned, result.Matched);
    }

    private static int[] OutputOffsets(List<StoreAggregate> specs)
    {
        var offsets = new int[specs.Count];
        for (var i = 1; i < specs.Count; i++)
        {
            offsets[i] = offsets[i - 1] + specs[i - 1].OutputWidth;
        }

        return offsets;
    }
}
