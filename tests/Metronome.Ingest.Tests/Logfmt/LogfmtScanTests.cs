using Metronome.Ingest.Logfmt;

namespace Metronome.Ingest.Tests.Logfmt;

/// <summary>The word-at-a-time scans must stop exactly where a byte-by-byte scan does, whatever the bytes
/// around the stop (control bytes, bytes just above the stop bytes, non-ASCII, a word's last byte).</summary>
public class LogfmtScanTests
{
    private static readonly byte[] Alphabet = [(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n', (byte)'=', 0, 1, 0x1F, (byte)'!', (byte)'>', (byte)'<', (byte)'a', 0x7F, 0x80, 0xA0, 0xFF];

    [Fact]
    public void The_scans_stop_where_a_byte_by_byte_scan_does()
    {
        var random = new Random(4711);
        for (var round = 0; round < 20_000; round++)
        {
            var text = new byte[random.Next(0, 40)];
            for (var i = 0; i < text.Length; i++)
            {
                // Mostly letters, so that stops fall at every offset of a word.
                text[i] = random.Next(4) == 0 ? Alphabet[random.Next(Alphabet.Length)] : (byte)'x';
            }

            var from = random.Next(0, text.Length + 1);
            Assert.Equal(Naive(text, from, b => b is (byte)' ' or (byte)'\t' or (byte)'\n'), LogfmtScan.ValueEnd(text, from));
            Assert.Equal(Naive(text, from, b => b is (byte)'=' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'), LogfmtScan.KeyEnd(text, from));
        }
    }

    private static int Naive(byte[] text, int from, Func<byte, bool> stops)
    {
        var i = from;
        while (i < text.Length && !stops(text[i]))
        {
            i++;
        }

        return i;
    }
}
