using Metronome.Core.Events;

namespace Metronome.Query.Execution;

/// <summary>A row is an array of values indexed by bound field slot. Slots added while running (a
/// transpose column, a <c>json auto</c> key) can lie beyond an older row's length, which reads as null.</summary>
public static class Rows
{
    public static FieldValue Get(FieldValue[] row, int slot) => (uint)slot < (uint)row.Length ? row[slot] : default;

    /// <summary>Sets a slot, growing the row when needed; returns the row to keep (maybe a new array).</summary>
    public static FieldValue[] Set(FieldValue[] row, int slot, FieldValue value)
    {
        if (slot >= row.Length)
        {
            if (value.IsNull)
            {
                return row;
            }

            Array.Resize(ref row, Math.Max(slot + 1, row.Length + 4));
        }

        row[slot] = value;
        return row;
    }
}
