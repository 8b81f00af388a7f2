using System.Buffers;

namespace Metronome.Storage.Segments;

/// <summary>Giving arrays rented from <see cref="ArrayPool{T}.Shared"/> back exactly once, from fields
/// that hold them while a chunk, column or table lives.</summary>
internal static class PooledArrays
{
    /// <summary>For a field that holds <c>[]</c> when it has nothing rented: returns its array (to
    /// <paramref name="pool"/>, by default the shared one) and leaves <c>[]</c>, so a second call returns nothing.</summary>
    public static void Return<T>(ref T[] array, ArrayPool<T>? pool = null)
    {
        var old = Interlocked.Exchange(ref array, []);
        if (old.Length > 0)
        {
            (pool ?? ArrayPool<T>.Shared).Return(old);
        }
    }

    /// <summary>For a field that is null until it rents: returns its array and leaves null.</summary>
    public static void ReturnIfRented<T>(ref T[]? array)
    {
        if (Interlocked.Exchange(ref array, null) is { } old)
        {
            ArrayPool<T>.Shared.Return(old);
        }
    }
}
