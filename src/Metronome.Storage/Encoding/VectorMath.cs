using System.Numerics;
using System.Runtime.InteropServices;

namespace Metronome.Storage.Encoding;

/// <summary>Small in-place vector helpers shared by the decoders.</summary>
internal static class VectorMath
{
    /// <summary>Adds <paramref name="addend"/> to every value, wrapping on overflow.</summary>
    public static void AddInPlace(Span<long> values, long addend)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<long>.Count)
        {
            var increment = new Vector<long>(addend);
            Span<Vector<long>> vectors = MemoryMarshal.Cast<long, Vector<long>>(values);
            for (int v = 0; v < vectors.Length; v++)
            {
                vectors[v] += increment;
            }

            i = vectors.Length * Vector<long>.Count;
        }

        for (; i < values.Length; i++)
        {
            values[i] = unchecked(values[i] + addend);
        }
    }
}
