using System.Collections.Concurrent;

namespace Metronome.EndToEnd.Tests;

/// <summary>Drives the real binary with four senders and SIGKILLs it once enough requests were
/// acknowledged: what was sent, and what was acknowledged, for the crash tests to check after a restart.</summary>
internal static class KillUnderLoad
{
    /// <param name="send">Sends request number <c>n</c>; true when the server acknowledged it.</param>
    public static async Task<(HashSet<int> Attempted, HashSet<int> Acknowledged)> RunAsync(string data, int acknowledgedBeforeKill, Func<HttpClient, int, Task<bool>> send)
    {
        var acknowledged = new ConcurrentBag<int>();
        var attempted = new ConcurrentBag<int>();
        int next = 0;
        await using (var server = await MetronomeProcess.StartAsync(data))
        {
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                using var client = server.CreateClient();
                while (!stop.IsCancellationRequested)
                {
                    int n = Interlocked.Increment(ref next);
                    attempted.Add(n);
                    try
                    {
                        if (await send(client, n))
                        {
                            acknowledged.Add(n);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server is gone
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();

            while (acknowledged.Count < acknowledgedBeforeKill)
            {
                await Task.Delay(20);
            }

            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        return ([.. attempted], [.. acknowledged]);
    }
}
