using System.Collections.Concurrent;

namespace Metronome.Core.Events.Batches;

/// <summary>
/// Arrays for big encoded batches (a drain request's ~280 KB), reused once the store has sealed the batch
/// into a segment (<see cref="EventBatchWriter.ToPooledBatch"/>, <see cref="Return"/>). Each was a new
/// large-object allocation that lived about a second: under a drain's load that was a quarter of a
/// gigabyte a second of fresh memory to fault in and zero, and a gen-2 collection every half second.
/// Arrays come in size classes of <see cref="ClassBytes"/>, so a batch's array is a little longer than
/// it (<see cref="EventBatch.Length"/> says where it ends). At most <see cref="MaxRetainedBytes"/> wait
/// here; returns beyond that are left to the GC.
/// </summary>
public static class BatchArrayPool
{
    /// <summary>Smaller batches get arrays of their own: the GC's young generation serves them well.</summary>
    public const int MinPooledBytes = 64 * 1024;

    public const int ClassBytes = 16 * 1024;

    /// <summary>Bigger batches are rare (a request is at most a few MB) and get arrays of their own.</summary>
    public const int MaxPooledBytes = 16 << 20;

    public const long MaxRetainedBytes = 512L << 20;

    private static readonly ConcurrentStack<byte[]>?[] Classes = new ConcurrentStack<byte[]>?[(MaxPooledBytes / ClassBytes) + 1];
    private static long s_retainedBytes;

    /// <summary>Whether a batch of <paramref name="length"/> bytes gets a pooled array.</summary>
    public static bool Pools(int length) => length is >= MinPooledBytes and <= MaxPooledBytes;

    /// <summary>An array of at least <paramref name="length"/> bytes (<see cref="Pools"/> must hold), with
    /// whatever bytes its last use left in it.</summary>
    public static byte[] Rent(int length)
    {
        if (!Pools(length))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "not a pooled batch size");
        }

        int size = (length + ClassBytes - 1) / ClassBytes;
        if (Classes[size] is { } arrays && arrays.TryPop(out var array))
        {
            Interlocked.Add(ref s_retainedBytes, -array.Length);
            return array;
        }

        return GC.AllocateUninitializedArray<byte>(size * ClassBytes);
    }

    /// <summary>Takes back an array from <see cref="Rent"/>. The caller guarantees that nothing reads or
    /// writes it any more: the next <see cref="Rent"/> hands it to another batch.</summary>
    public static void Return(byte[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!Pools(array.Length) || array.Length % ClassBytes != 0)
        {
            throw new ArgumentException("the array did not come from the pool", nameof(array));
        }

        if (Interlocked.Add(ref s_retainedBytes, array.Length) > MaxRetainedBytes)
        {
            Interlocked.Add(ref s_retainedBytes, -array.Length);
            return;
        }

        var arrays = Volatile.Read(ref Classes[array.Length / ClassBytes]);
        if (arrays is null)
        {
            Interlocked.CompareExchange(ref Classes[array.Length / ClassBytes], new ConcurrentStack<byte[]>(), null);
            arrays = Classes[array.Length / ClassBytes]!;
        }

        arrays.Push(array);
    }
}
