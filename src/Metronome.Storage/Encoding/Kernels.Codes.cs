using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Metronome.Storage.Encoding;

/// <summary>Kernels over dictionary codes and selections (lists of matching row indexes).</summary>
public static partial class Kernels
{
    /// <summary>How many codes equal <paramref name="code"/>.</summary>
    public static int CountEquals(ReadOnlySpan<uint> codes, uint code)
    {
        int count = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && codes.Length >= Vector<uint>.Count)
        {
            // A matching lane compares to all ones (-1), so subtracting the mask counts matches.
            // Each lane sees at most int.MaxValue / lanes codes, so it cannot overflow.
            ReadOnlySpan<Vector<uint>> vectors = MemoryMarshal.Cast<uint, Vector<uint>>(codes);
            var target = new Vector<uint>(code);
            Vector<uint> matches = Vector<uint>.Zero;
            foreach (Vector<uint> vector in vectors)
            {
                matches -= Vector.Equals(vector, target);
            }

            count = (int)Vector.Sum(Vector.WidenLower(matches) + Vector.WidenUpper(matches));
            i = vectors.Length * Vector<uint>.Count;
        }

        for (; i < codes.Length; i++)
        {
            count += codes[i] == code ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// Adds the number of occurrences of each code to <c>counts[code]</c> (a histogram; counts are
    /// not cleared first, so blocks accumulate). Every code must be below <c>counts.Length</c>.
    /// </summary>
    public static void CountByCode(ReadOnlySpan<uint> codes, Span<long> counts)
    {
        uint limit = (uint)counts.Length;
        ref long histogram = ref MemoryMarshal.GetReference(counts);
        foreach (uint code in codes)
        {
            if (code >= limit)
            {
                throw new ArgumentOutOfRangeException(nameof(codes), code, $"A code is outside the {limit} counters.");
            }

            Unsafe.Add(ref histogram, (nint)code)++;
        }
    }

    /// <summary>
    /// Writes the indexes of the codes equal to <paramref name="code"/> into
    /// <paramref name="selection"/>, in ascending order, and returns how many there are.
    /// <paramref name="selection"/> must have room for every index (<c>codes.Length</c>).
    /// </summary>
    public static int SelectEquals(ReadOnlySpan<uint> codes, uint code, Span<int> selection)
    {
        CheckSelectionRoom(codes.Length, selection.Length);
        ref uint input = ref MemoryMarshal.GetReference(codes);
        ref int output = ref MemoryMarshal.GetReference(selection);
        int selected = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var target = Vector256.Create(code);
            for (; i <= codes.Length - Vector256<uint>.Count; i += Vector256<uint>.Count)
            {
                var vector = Vector256.LoadUnsafe(ref input, (nuint)i);
                uint mask = Vector256.ExtractMostSignificantBits(Vector256.Equals(vector, target));
                selected = AppendMaskedIndexes(mask, i, ref output, selected);
            }
        }

        for (; i < codes.Length; i++)
        {
            // Branch-free: always write, advance only on a match.
            Unsafe.Add(ref output, selected) = i;
            selected += Unsafe.Add(ref input, i) == code ? 1 : 0;
        }

        return selected;
    }

    /// <summary>
    /// Writes the indexes of the values in [<paramref name="low"/>, <paramref name="high"/>] (both
    /// inclusive) into <paramref name="selection"/>, ascending, and returns how many there are.
    /// <paramref name="selection"/> must have room for every index (<c>values.Length</c>).
    /// </summary>
    public static int SelectRange(ReadOnlySpan<long> values, long low, long high, Span<int> selection)
    {
        CheckSelectionRoom(values.Length, selection.Length);
        ref long input = ref MemoryMarshal.GetReference(values);
        ref int output = ref MemoryMarshal.GetReference(selection);
        int selected = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var lows = Vector256.Create(low);
            var highs = Vector256.Create(high);
            for (; i <= values.Length - Vector256<long>.Count; i += Vector256<long>.Count)
            {
                var vector = Vector256.LoadUnsafe(ref input, (nuint)i);
                var inRange = Vector256.GreaterThanOrEqual(vector, lows) & Vector256.LessThanOrEqual(vector, highs);
                uint mask = Vector256.ExtractMostSignificantBits(inRange);
                selected = AppendMaskedIndexes(mask, i, ref output, selected);
            }
        }

        for (; i < values.Length; i++)
        {
            long value = Unsafe.Add(ref input, i);
            Unsafe.Add(ref output, selected) = i;
            selected += value >= low && value <= high ? 1 : 0;
        }

        return selected;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AppendMaskedIndexes(uint mask, int baseIndex, ref int output, int selected)
    {
        while (mask != 0)
        {
            Unsafe.Add(ref output, selected++) = baseIndex + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
        }

        return selected;
    }

    private static void CheckSelectionRoom(int rows, int room)
    {
        if (room < rows)
        {
            throw new ArgumentException($"The selection has room for {room} indexes but there are {rows} rows.", "selection");
        }
    }
}
