using System.Diagnostics;
using System.Text.RegularExpressions;
using Metronome.Core.Events;
using Metronome.Query.Diagnostics;
using Metronome.Query.Execution.Functions;
using Metronome.Query.Execution.Operators;
using Metronome.Query.Planning;
using Metronome.Query.Sources;
using Metronome.Query.Syntax;

namespace Metronome.Query.Execution;

/// <summary>The entry points: <see cref="Plan"/> parses and binds a request (or finds its plan bound before); <see cref="ExecuteAsync(QueryRequest, IEventSource, CancellationToken)"/>
/// plans, scans the source with the pushed-down part and runs the operators to a result table.</summary>
public static class QueryEngine
{
    public const int DefaultRawLimit = 100;
    public const int DefaultAggregateLimit = 10_000;

    public static QueryPlan Plan(QueryRequest request, SourceCapabilities? capabilities = null)
    {
        var zone = Zones.Find(request.TimeZone)
            ?? throw new QueryException(Diagnostic.Unpositioned(DiagnosticCode.UnknownTimeZone, $"unknown time zone '{request.TimeZone}'"));
        if (request.To <= request.From)
        {
            throw new QueryException(Diagnostic.Unpositioned(DiagnosticCode.InvalidTimeRange, "the time range is empty: 'to' must be after 'from'"));
        }

        var source = TemplateVariables.Substitute(request.Query, request.Variables);
        if (!PlanCache.Shared.TryGet(source, request, capabilities, out var plan))
        {
            plan = Binder.Bind(Parser.Parse(source), source, request, zone, capabilities);
            PlanCache.Shared.Add(source, request, capabilities, plan);
        }

        return plan;
    }

    public static async Task<QueryResult> ExecuteAsync(QueryRequest request, IEventSource source, CancellationToken cancellationToken = default)
    {
        var probe = Plan(request);
        var capabilities = source.Describe(probe.ScanSpec(request));
        var plan = capabilities.DigitFieldsFromRaw.Count > 0 ? Plan(request, capabilities) : probe;
        return await ExecuteAsync(plan, request, source, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<QueryResult> ExecuteAsync(QueryPlan plan, QueryRequest request, IEventSource source, CancellationToken cancellationToken = default)
    {
        try
        {
            return await RunAsync(plan, request, source, cancellationToken).ConfigureAwait(false);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw QueryException.RegexTimeout(e);
        }
    }

    private static async Task<QueryResult> RunAsync(QueryPlan plan, QueryRequest request, IEventSource source, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var clock = request.Clock ?? TimeProvider.System;
        var zone = Zones.Find(request.TimeZone) ?? TimeZoneInfo.Utc;
        var slots = plan.Slots.Clone();
        // Cancelled also when the query fails, so that stages still running on other threads stop.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var context = new QueryContext(slots, request, clock.GetUtcNow().ToUnixTimeMilliseconds(), zone, stop.Token);

        var limit = request.Limit ?? (plan.IsRaw ? DefaultRawLimit : DefaultAggregateLimit);
        var sink = new ResultSink(plan.NewestFirst, checked(Math.Max(0, request.Offset) + Math.Max(0, limit)));
        var spec = plan.ScanSpec(request);
        if (request.AggregatePushdown && plan.AggregatePushdown is { } pushdown && source is IAggregateSource aggregates)
        {
            // Only the operators after the aggregation run over the source's groups; when the source
            // declines, nothing has reached them or the sink, and the whole chain is made afresh.
            var after = plan.CreateOperators(pushdown.OperatorIndex + 1, sink, out _);
            if (PushedAggregation.TryRun(pushdown, spec, aggregates, after, context))
            {
                return ResultBuilder.Build(plan, context, sink, request.Offset, limit, ElapsedMs(started));
            }
        }

        var head = plan.CreateOperators(0, sink, out var operators);
        var prefix = ParallelPrefix.Length(operators);
        var workers = request.MaxParallelism;
        if (prefix > 0 && workers > 1 && spec.Fields is not null)
        {
            // Raw queries without 'fields' add a slot per new field name while loading: one thread only.
            var parallel = new ParallelPrefix(plan, spec, slots, prefix, workers, context);
            var rest = prefix < operators.Count ? operators[prefix] : sink;
            try
            {
                await foreach (var events in source.ScanAsync(spec, cancellationToken).ConfigureAwait(false))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    context.Scanned += events.Events.Count;
                    foreach (var rows in await parallel.SubmitAsync(events).ConfigureAwait(false))
                    {
                        rest.Push(rows, context);
                    }
                }

                foreach (var rows in await parallel.DrainAsync().ConfigureAwait(false))
                {
                    rest.Push(rows, context);
                }
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                parallel.Abandon();
                throw;
            }

            head.Finish(context);
            return ResultBuilder.Build(plan, context, sink, request.Offset, limit, ElapsedMs(started));
        }

        var loader = new RowLoader(spec, slots);
        await foreach (var events in source.ScanAsync(spec, cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.Scanned += events.Events.Count;
            var batch = new RowBatch(events.Events.Count);
            loader.Load(events, batch);
            if (batch.Count > 0)
            {
                head.Push(batch, context);
            }
        }

        head.Finish(context);
        return ResultBuilder.Build(plan, context, sink, request.Offset, limit, ElapsedMs(started));
    }

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
