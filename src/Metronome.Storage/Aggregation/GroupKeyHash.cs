using System.Numerics;
using Metronome.Core.Events;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Aggregation;

/// <summary>
/// The 64-bit hash of a group key. A string hashes as <see cref="Hash64"/> of its UTF-8, which segments
/// keep per dictionary entry, so the columnar path finds a segment's groups in the shared table without
/// hashing strings again; other kinds get a cheap mix of their bits.
/// </summary>
internal static class GroupKeyHash
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    public static ulong Of(FieldValue value) => value.Kind switch
    {
        FieldKind.String => Hash64.Hash(value.AsString),
        FieldKind.Long => OfLong(value.AsLong),
        FieldKind.Double => Mix((ulong)BitConverter.DoubleToInt64Bits(value.AsDouble) ^ 0xC2B2AE3D27D4EB4F),
        FieldKind.Bool => value.AsBool ? 0x165667B19E3779F9UL : 0x27D4EB2F165667C5UL,
        _ => 0x85EBCA77C2B2AE63UL,
    };

    public static ulong OfLong(long value) => Mix((ulong)value);

    /// <summary>Folds one key part's hash into the hash of the parts before it.</summary>
    public static ulong Combine(ulong hash, ulong part) => Mix(BitOperations.RotateLeft(hash, 27) ^ part);

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= Multiplier;
        x ^= x >> 29;
        return x;
    }
}
