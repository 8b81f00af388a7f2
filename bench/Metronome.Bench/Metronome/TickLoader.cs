using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;

namespace Metronome.Bench.Metronome;

/// <summary>What one load through `POST /tick` did.</summary>
public sealed record TickLoadResult(long Accepted, long Rejected, long Requests, long Retries, TimeSpan Elapsed);

/// <summary>
/// Streams a workload file into a running server: per-app NDJSON batches, sent by several concurrent
/// keep-alive HTTP/1.1 connections (no gzip), each batch retried after a 429/503 as its Retry-After says.
/// The clock runs from the first send to the last 202, i.e. until every event is durable.
/// </summary>
public sealed class TickLoader(HttpClient http, AppKeys keys, int batchEvents, int connections)
{
    /// <summary>The server's body limit is 8 MiB; batches stay well under it.</summary>
    private const int MaxBatchBytes = 6 << 20;

    private long _accepted;
    private long _rejected;
    private long _requests;
    private long _retries;
    private long _firstSend;
    private long _lastAck;

    /// <summary>An HttpClient for the loader: one pooled connection per sender, no compression, no timeout.</summary>
    public static HttpClient CreateClient(Uri baseUri, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseProxy = false,
    })
    {
        BaseAddress = baseUri,
        Timeout = TimeSpan.FromMinutes(10),
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public async Task<TickLoadResult> LoadAsync(string ndjsonPath, CancellationToken ct)
    {
        var queue = Channel.CreateBounded<AppBatch>(new BoundedChannelOptions(connections * 2) { SingleWriter = true });
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var senders = Enumerable.Range(0, connections).Select(_ => Task.Run(() => SendAllAsync(queue.Reader, failed.Token), failed.Token)).ToList();
        var splitter = new NdjsonAppSplitter(batchEvents, MaxBatchBytes);
        try
        {
            await splitter.SplitAsync(ndjsonPath, batch => queue.Writer.WriteAsync(batch, failed.Token), failed.Token);
            queue.Writer.Complete();
            await Task.WhenAll(senders);
        }
        catch
        {
            await failed.CancelAsync();
            queue.Writer.TryComplete();
            // Surface the sender's error rather than the cancellation it caused.
            var senderError = senders.Where(s => s.IsFaulted).Select(s => s.Exception!.InnerException).FirstOrDefault(e => e is not OperationCanceledException);
            if (senderError is not null)
                throw senderError;
            throw;
        }
        var elapsed = Stopwatch.GetElapsedTime(_firstSend, _lastAck);
        return new TickLoadResult(_accepted, _rejected, _requests, _retries, elapsed);
    }

    private async Task SendAllAsync(ChannelReader<AppBatch> batches, CancellationToken ct)
    {
        await foreach (AppBatch batch in batches.ReadAllAsync(ct))
        {
            try
            {
                string key = await keys.WriteKeyAsync(batch.App, ct);
                await SendAsync(batch, key, ct);
            }
            finally
            {
                batch.Return();
            }
        }
    }

    private async Task SendAsync(AppBatch batch, string key, CancellationToken ct)
    {
        while (true)
        {
            using var content = new ReadOnlyMemoryContent(batch.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var request = new HttpRequestMessage(HttpMethod.Post, "tick") { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            Interlocked.CompareExchange(ref _firstSend, Stopwatch.GetTimestamp(), 0);
            Interlocked.Increment(ref _requests);
            using var response = await http.SendAsync(request, ct);
            string body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                long now = Stopwatch.GetTimestamp();
                InterlockedMax(ref _lastAck, now);
                using var answer = JsonDocument.Parse(body);
                Interlocked.Add(ref _accepted, answer.RootElement.GetProperty("accepted").GetInt64());
                if (answer.RootElement.TryGetProperty("rejected", out var rejected))
                    Interlocked.Add(ref _rejected, rejected.GetInt64());
                return;
            }
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Increment(ref _retries);
                TimeSpan wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                await Task.Delay(wait, ct);
                continue;
            }
            throw new InvalidOperationException($"POST /tick ({batch.App}, {batch.Events} events) answered {(int)response.StatusCode}: {Truncate(body)}");
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static string Truncate(string text) => text.Length > 500 ? text[..500] + "..." : text;
}
