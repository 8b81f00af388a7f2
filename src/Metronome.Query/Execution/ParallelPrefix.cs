using Metronome.Query.Execution.Operators;
using Metronome.Query.Planning;
using Metronome.Query.Sources;

namespace Metronome.Query.Execution;

/// <summary>
/// Runs the row loading and the leading row-local stages of a plan (parses, <c>where</c>, assignments,
/// <c>timeslice</c>) on several threads, and hands their batches to the rest of the pipeline on the calling
/// thread in scan order. Each in-flight batch has its own loader and operator instances (a timeslice keeps
/// a per-instance cache; nothing else here has state), and the rest sees the same rows in the same order
/// as with one thread, so results do not change. The shared <see cref="QueryContext"/> is only read by
/// these stages; counters stay on the calling thread.
/// </summary>
internal sealed class ParallelPrefix
{
    private readonly Queue<Chain> _idle = new();
    private readonly Queue<Task<(RowBatch? Rows, Chain Chain)>> _inFlight = new();
    private readonly QueryContext _context;
    private readonly int _window;

    public ParallelPrefix(QueryPlan plan, ScanSpec spec, FieldSlots slots, int length, int workers, QueryContext context)
    {
        _context = context;
        _window = workers * 2;

        // Built here, on one thread: a loader resolves its projection's slots when it is made.
        for (var i = 0; i < _window; i++)
        {
            var operators = plan.OperatorFactories.Take(length).Select(f => f()).ToList();
            var sink = new CollectingSink();
            for (var o = 0; o < operators.Count; o++)
            {
                operators[o].Next = o + 1 < operators.Count ? operators[o + 1] : sink;
            }

            _idle.Enqueue(new Chain(new RowLoader(spec, slots), operators[0], sink));
        }
    }

    /// <summary>How many leading operators may run this way: stages that look at one row at a time,
    /// keep no state that matters across rows, and add no slots while running.</summary>
    public static int Length(IReadOnlyList<PipelineOperator> operators)
    {
        var n = 0;
        while (n < operators.Count && operators[n] is ParseRegexOperator or LiteralRunParseOperator or ParseAnchorOperator
                   or IngestFieldParseOperator or WhereOperator or AssignOperator or TimesliceOperator)
        {
            n++;
        }

        return n;
    }

    /// <summary>Events per task: small enough that the rows in flight stay young (a gen0 collection that
    /// finds thousands of live rows promotes them, which costs more than the work), large enough that a
    /// task's overhead is noise.</summary>
    private const int TaskEvents = 512;

    /// <summary>Starts a scanned batch (in pieces of <see cref="TaskEvents"/>); returns the batches that are
    /// done, in order, once the window is full.</summary>
    public async Task<List<RowBatch>> SubmitAsync(EventBatch events)
    {
        var done = new List<RowBatch>();
        var all = events.Events;
        for (var start = 0; start < all.Count; start += TaskEvents)
        {
            var piece = all.Count <= TaskEvents ? events : events with { Events = new EventSlice(all, start, Math.Min(TaskEvents, all.Count - start)) };
            await StartAsync(piece, done).ConfigureAwait(false);
        }

        return done;
    }

    private async Task StartAsync(EventBatch events, List<RowBatch> done)
    {
        if (_idle.Count == 0)
        {
            await CompleteOldestAsync(done).ConfigureAwait(false);
        }

        var chain = _idle.Dequeue();
        var context = _context;
        _inFlight.Enqueue(Task.Run(() =>
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var rows = new RowBatch(events.Events.Count);
            chain.Loader.Load(events, rows);
            chain.Sink.Last = null;
            if (rows.Count > 0)
            {
                chain.Head.Push(rows, context);
            }

            return (chain.Sink.Last, chain);
        }, context.CancellationToken));
    }

    /// <summary>Every remaining batch, in order.</summary>
    public async Task<List<RowBatch>> DrainAsync()
    {
        var done = new List<RowBatch>();
        while (_inFlight.Count > 0)
        {
            await CompleteOldestAsync(done).ConfigureAwait(false);
        }

        return done;
    }

    /// <summary>After a failure (the query's token is cancelled by then, so the tasks stop at their next
    /// row or batch): observes the errors of the tasks still running, which nobody awaits any more.</summary>
    public void Abandon()
    {
        while (_inFlight.Count > 0)
        {
            _inFlight.Dequeue().ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task CompleteOldestAsync(List<RowBatch> done)
    {
        var (rows, chain) = await _inFlight.Dequeue().ConfigureAwait(false);
        _idle.Enqueue(chain);
        if (rows is { Count: > 0 })
        {
            done.Add(rows);
        }
    }

    /// <summary>A piece of a scanned batch, without copying it.</summary>
    private sealed class EventSlice(IReadOnlyList<Core.Events.Event> events, int start, int count) : IReadOnlyList<Core.Events.Event>
    {
        public int Count => count;

        public Core.Events.Event this[int index] => events[start + index];

        public IEnumerator<Core.Events.Event> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return events[start + i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed record Chain(RowLoader Loader, PipelineOperator Head, CollectingSink Sink);

    /// <summary>Receives what the chain's last stage emits for one batch (streaming stages emit the batch
    /// they were given, or nothing when every row was dropped).</summary>
    private sealed class CollectingSink : PipelineOperator
    {
        public RowBatch? Last { get; set; }

        public override void Push(RowBatch batch, QueryContext context) => Last = batch;

        public override void Finish(QueryContext context)
        {
        }
    }
}
