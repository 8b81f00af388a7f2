namespace Metronome.Storage;

/// <summary>
/// Long CPU-bound store work (seals, merges) on threads of its own instead of the thread pool's: the
/// pool has as many threads as cores to begin with, and work that holds them for seconds leaves request
/// continuations queued until the pool notices and adds threads (half a second or more each).
/// </summary>
internal static class DedicatedParallel
{
    /// <summary>Runs <paramref name="loop"/> on a new background thread; the task ends with it.</summary>
    public static Task Start(Action loop) =>
        Task.Factory.StartNew(loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Runs <paramref name="body"/> for 0..<paramref name="count"/>-1 on the calling thread and up
    /// to <paramref name="threads"/>-1 new ones, each taking the next index; throws an
    /// <see cref="AggregateException"/> of the bodies' exceptions once all have finished.</summary>
    public static void For(int count, int threads, Action<int> body)
    {
        int next = -1;
        var errors = new List<Exception>();
        void Work()
        {
            for (int i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                try
                {
                    body(i);
                }
                catch (Exception ex)
                {
                    lock (errors)
                    {
                        errors.Add(ex);
                    }
                }
            }
        }

        var helpers = new Thread[Math.Max(0, Math.Min(threads, count) - 1)];
        for (int t = 0; t < helpers.Length; t++)
        {
            helpers[t] = new Thread(Work) { IsBackground = true, Name = "metronome-store-work" };
            helpers[t].Start();
        }

        Work();
        foreach (var helper in helpers)
        {
            helper.Join();
        }

        if (errors.Count > 0)
        {
            throw new AggregateException(errors);
        }
    }
}
