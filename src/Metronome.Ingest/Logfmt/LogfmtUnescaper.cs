using System.Buffers;
using System.Text;

namespace Metronome.Ingest.Logfmt;

/// <summary>Decodes a quoted logfmt value that contains backslash escapes (<c>\"</c>, <c>\\</c>, <c>\n</c>,
/// <c>\t</c>, <c>\r</c>; any other escaped byte stands for itself).</summary>
internal static class LogfmtUnescaper
{
    public static string Unescape(ReadOnlySpan<byte> value)
    {
        var rented = ArrayPool<byte>.Shared.Rent(value.Length);
        try
        {
            var length = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var b = value[i];
                if (b == '\\' && i + 1 < value.Length)
                {
                    i++;
                    b = value[i] switch
                    {
                        (byte)'n' => (byte)'\n',
                        (byte)'t' => (byte)'\t',
                        (byte)'r' => (byte)'\r',
                        var other => other,
                    };
                }

                rented[length++] = b;
            }

            return Encoding.UTF8.GetString(rented, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
