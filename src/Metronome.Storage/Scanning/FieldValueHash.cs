using Metronome.Core.Events;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Scanning;

/// <summary>
/// A 64-bit identity of a field value for projected scans: text hashes its UTF-8 bytes (as segments hash
/// their dictionary entries, so both agree), numbers and bools hash with their kind, so 5 and "5" differ.
/// Two different values collide with probability about n²/2⁶⁵.
/// </summary>
public static class FieldValueHash
{
    public static ulong Of(string text) => Hash64.Hash(text);

    public static ulong Of(ReadOnlySpan<byte> utf8) => Hash64.Hash(utf8);

    public static ulong Of(long value) => Hash64.Hash(value) ^ 0x9E3779B97F4A7C15;

    public static ulong Of(double value) => Hash64.Hash(BitConverter.DoubleToInt64Bits(value)) ^ 0xC2B2AE3D27D4EB4F;

    public static ulong Of(bool value) => value ? 0x165667B19E3779F9UL : 0x27D4EB2F165667C5UL;

    public static ulong Of(FieldValue value) => value.Kind switch
    {
        FieldKind.String => Of(value.AsString),
        FieldKind.Long => Of(value.AsLong),
        FieldKind.Double => Of(value.AsDouble),
        FieldKind.Bool => Of(value.AsBool),
        _ => 0,
    };
}
