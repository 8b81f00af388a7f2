using System.Collections.Concurrent;
using Metronome.Core.Events.Batches;

namespace Metronome.Server.Drains;

/// <summary>Batch writers for drain requests, reused: a writer's buffer grows to a body's encoded size
/// (~250 KB for Logplex's 100 KB bodies), which a fresh writer per request would allocate again.</summary>
internal static class DrainBatchWriters
{
    private const int PoolSize = 16;
    private const int MaxPooledBytes = 8 << 20;

    private static readonly ConcurrentQueue<EventBatchWriter> Pool = new();

    public static EventBatchWriter Rent() => Pool.TryDequeue(out var writer) ? writer : new EventBatchWriter(256 * 1024);

    public static void Return(EventBatchWriter writer)
    {
        if (writer.Capacity <= MaxPooledBytes && Pool.Count < PoolSize)
        {
            writer.Clear();
            Pool.Enqueue(writer);
        }
    }
}
