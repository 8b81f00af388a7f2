using System.Text;

namespace Metronome.Ingest.Text;

/// <summary>Byte-level helpers shared by the parsers.</summary>
internal static class Utf8Text
{
    /// <summary>Decodes UTF-8, replacing invalid sequences with U+FFFD (arbitrary dyno output is not always UTF-8).</summary>
    public static string Decode(ReadOnlySpan<byte> utf8) => utf8.Length == 0 ? "" : Encoding.UTF8.GetString(utf8);

    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    public static bool IsLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsSpaceOrTab(byte b) => b is (byte)' ' or (byte)'\t';

    /// <summary>Bytes that may separate frames or lines without carrying content.</summary>
    public static bool IsSeparator(byte b) => b is (byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t' or 0;

    public static ReadOnlySpan<byte> TrimSpaces(ReadOnlySpan<byte> span)
    {
        var start = 0;
        var end = span.Length;
        while (start < end && IsWhite(span[start]))
        {
            start++;
        }

        while (end > start && IsWhite(span[end - 1]))
        {
            end--;
        }

        return span[start..end];
    }

    private static bool IsWhite(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
