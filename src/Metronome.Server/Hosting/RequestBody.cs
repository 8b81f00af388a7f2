using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Metronome.Server.Hosting;

/// <summary>Reads a request body into one buffer, inflating gzip, refusing more than the limit (before
/// and after decompression, so a small gzip bomb cannot get through).</summary>
public static class RequestBody
{
    /// <summary>The body in a pooled buffer: dispose it once the body has been decoded.</summary>
    public sealed class Result(byte[] buffer, int length, string? error, bool tooLarge) : IDisposable
    {
        private byte[] _buffer = buffer;

        public int Length { get; } = length;

        public string? Error { get; } = error;

        public bool TooLarge { get; } = tooLarge;

        public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

        /// <summary>The body as memory, valid until the result is disposed.</summary>
        public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

        public void Dispose()
        {
            var rented = Interlocked.Exchange(ref _buffer, []);
            if (rented.Length > 0)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
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
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, Math.Max(request.ContentLength ?? 4096, 256) + 1));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        return Refuse(buffer, $"the body is larger than the limit of {limit} bytes", true);
                    }

                    var bigger = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
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
            return Refuse(buffer, "the gzip body is malformed: " + ex.Message, false);
        }
        catch
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return length > limit
            ? Refuse(buffer, $"the body is larger than the limit of {limit} bytes", true)
            : new Result(buffer, length, null, false);
    }

    private static Result Refuse(byte[] buffer, string error, bool tooLarge)
    {
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        return new Result([], 0, error, tooLarge);
    }
}
