using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary>The values of the group-by slots of a row, compared exactly (case-sensitive strings; a
/// number and a string are different keys).</summary>
public readonly struct GroupKey(FieldValue[] values)
{
    public static IEqualityComparer<GroupKey> Comparer { get; } = new KeyComparer();

    public FieldValue[] Values { get; } = values;

    public static GroupKey Of(FieldValue[] row, int[] slots)
    {
        var values = new FieldValue[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            values[i] = Rows.Get(row, slots[i]);
        }

        return new GroupKey(values);
    }

    private sealed class KeyComparer : IEqualityComparer<GroupKey>
    {
        public bool Equals(GroupKey x, GroupKey y) => x.Values.AsSpan().SequenceEqual(y.Values);

        public int GetHashCode(GroupKey key)
        {
            var hash = new HashCode();
            foreach (var value in key.Values)
            {
                hash.Add(value);
            }

            return hash.ToHashCode();
        }
    }
}
