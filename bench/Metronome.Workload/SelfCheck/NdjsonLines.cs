using System.IO.Compression;

namespace Metronome.Workload.SelfCheck;

/// <summary>Streams the lines of an NDJSON file (gzip when the name ends in .gz) as UTF-8 spans.</summary>
public static class NdjsonLines
{
    public delegate void LineHandler(ReadOnlySpan<byte> line);

    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    public static void ForEach(Stream input, LineHandler handle)
    {
        byte[] buffer = new byte[1 << 22];
        int filled = 0;
        while (true)
        {
            int read = input.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            int start = 0;
            while (true)
            {
                int newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                if (newline < 0)
                    break;
                handle(buffer.AsSpan(start, newline));
                start += newline + 1;
            }
            if (read == 0)
            {
                if (start < filled)
                    handle(buffer.AsSpan(start, filled - start)); // last line without newline
                return;
            }
            if (start == 0 && filled == buffer.Length)
                throw new InvalidDataException("A line is longer than 4 MiB.");
            Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
            filled -= start;
        }
    }
}
