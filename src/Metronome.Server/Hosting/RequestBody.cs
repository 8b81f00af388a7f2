using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Metronome.Server.Hosting;

/// <summary>Reads a request body into one buffer, inflating gzip, refusing more than the limit (before
/// and after decompression, so a small gzip bomb cannot get through).</summary>
public static class RequestBody
{
    public sealed record Result(byte[] Buffer, int Length, string? Error, bool TooLarge)
    {
        public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);
    }

    public static async Task<Result> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return new Result([], 0, $"the body is {request.ContentLength} bytes; the limit is {limit}", true);
        }

        string? encoding = request.Headers.ContentEncoding;
        Stream source = request.Body;
        bool gzip = string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(encoding) && !gzip && !string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase))
        {
            return new Result([], 0, $"Content-Encoding '{encoding}' is not supported; use gzip or none", false);
        }

        await using var inflater = gzip ? new GZipStream(source, CompressionMode.Decompress, leaveOpen: true) : null;
        var stream = inflater ?? source;
        byte[] buffer = new byte[(int)Math.Min(limit + 1, Math.Max(request.ContentLength ?? 4096, 256) + 1)];
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        return new Result([], 0, $"the body is larger than the limit of {limit} bytes", true);
                    }

                    Array.Resize(ref buffer, (int)Math.Min(limit + 1, (long)buffer.Length * 2));
                }

                int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (InvalidDataException ex)
        {
            return new Result([], 0, "the gzip body is malformed: " + ex.Message, false);
        }

        return length > limit
            ? new Result([], 0, $"the body is larger than the limit of {limit} bytes", true)
            : new Result(buffer, length, null, false);
    }
}
