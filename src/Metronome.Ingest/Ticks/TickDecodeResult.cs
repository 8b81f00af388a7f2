using System.Collections.Concurrent;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Text;

namespace Metronome.Ingest.Ticks;

/// <summary>The good events of a request, already in their encoded form, and an error per bad one; good
/// ones are never dropped because of bad neighbours. Dispose it once the batch is taken
/// (<see cref="ToBatch"/>): its writer, whose buffer grows to a big request's size, goes back to a pool.</summary>
public sealed class TickDecodeResult : IDisposable
{
    /// <summary>Writers kept for the next requests: about one per request in flight, none of them huge.</summary>
    private static readonly ConcurrentQueue<EventBatchWriter> Pool = new();
    private const int PoolSize = 16;
    private const int MaxPooledBytes = 8 << 20;

    private static readonly StringPool DecodeStrings = new();

    private EventBatchWriter? _accepted = Pool.TryDequeue(out var pooled) ? pooled : new EventBatchWriter();

    /// <summary>Where the decoder writes good events.</summary>
    internal EventBatchWriter Accepted => _accepted ?? throw new ObjectDisposedException(nameof(TickDecodeResult));

    public int AcceptedCount => Accepted.Count;

    /// <summary>The good events as a batch for the store (arrays of its own).</summary>
    public EventBatch ToBatch() => Accepted.ToBatch();

    /// <summary>The good events as objects, decoded anew on each call (tests, tools): the server stores
    /// <see cref="ToBatch"/> and never makes them.</summary>
    public IReadOnlyList<Event> Events => ToBatch().ToEvents(DecodeStrings);

    public List<TickError> Errors { get; } = [];

    /// <summary>Set when the body as a whole could not be read (not JSON, empty, too many events).</summary>
    public TickError? BodyError { get; set; }

    public void Dispose()
    {
        var writer = Interlocked.Exchange(ref _accepted, null);
        if (writer is not null && writer.Capacity <= MaxPooledBytes && Pool.Count < PoolSize)
        {
            writer.Clear();
            Pool.Enqueue(writer);
        }
    }
}
