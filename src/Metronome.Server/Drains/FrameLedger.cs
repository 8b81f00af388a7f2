using System.Collections.Concurrent;
using Metronome.Core.Events;
using Metronome.Core.Time;
using Metronome.Storage;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;
using Microsoft.Extensions.Logging;

namespace Metronome.Server.Drains;

/// <summary>
/// Remembers which Logplex frames (per app and drain token) are already stored, so a redelivered
/// Logplex-Frame-Id is acknowledged without appending twice. Durable by construction: every event of a frame
/// carries <see cref="DrainFieldNames.FrameId"/>, so the batch and its frame id become durable in the same
/// append, and an app's window is rebuilt from the store the first time it is used after a start.
/// Concurrent deliveries of one frame are serialized: the second waits for the first and then sees it.
/// </summary>
public sealed partial class FrameLedger(IEventStore store, TimeProvider clock, DrainOptions options, ILogger<FrameLedger> logger)
{
    /// <summary>Recovery never groups more frames than this; past it, a narrower window is read.</summary>
    private const int MaxRecoveredFrames = 500_000;

    private readonly ConcurrentDictionary<string, Lazy<Task<AppFrames>>> _apps = new(StringComparer.Ordinal);

    /// <summary>Claims a frame for storing. The claim is a duplicate when the frame is already stored;
    /// otherwise the caller appends, calls <see cref="FrameClaim.Commit"/> once the batch is durable, and
    /// disposes the claim in every case (which lets a waiting redelivery go on).</summary>
    public async Task<FrameClaim> ClaimAsync(string app, string drain, string frameId, CancellationToken cancellationToken)
    {
        var frames = await FramesOf(app).WaitAsync(cancellationToken).ConfigureAwait(false);
        var key = new FrameKey(drain, frameId);
        while (true)
        {
            Task inFlight;
            lock (frames)
            {
                if (frames.Contains(key, UnixTime.NowMicroseconds(clock)))
                {
                    return FrameClaim.Duplicate;
                }

                if (frames.InFlight.TryGetValue(key, out var running))
                {
                    inFlight = running.Task;
                }
                else
                {
                    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    frames.InFlight.Add(key, done);
                    return new FrameClaim(frames, key, done, clock);
                }
            }

            await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Frames remembered for an app (for tests and diagnostics).</summary>
    public async Task<int> CountAsync(string app)
    {
        var frames = await FramesOf(app).ConfigureAwait(false);
        lock (frames)
        {
            return frames.Count;
        }
    }

    private async Task<AppFrames> FramesOf(string app)
    {
        var lazy = _apps.GetOrAdd(app, a => new Lazy<Task<AppFrames>>(() => Task.Run(() => Recover(a))));
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            _apps.TryRemove(KeyValuePair.Create(app, lazy)); // let the next request try again
            throw;
        }
    }

    /// <summary>Reads the frame ids stored within the window back from the store, newest kept per drain.</summary>
    private AppFrames Recover(string app)
    {
        long windowUs = (long)options.FrameWindow.TotalMicroseconds;
        var frames = new AppFrames(options.FramesPerDrain, windowUs);
        long nowUs = UnixTime.NowMicroseconds(clock);
        for (long lookbackUs = windowUs; ; lookbackUs /= 10)
        {
            try
            {
                var result = store.Aggregate(RecoveryQuery(app, nowUs, lookbackUs));
                var recovered = result.Rows
                    .Where(r => !r.Keys[1].IsNull && r.Values[0].TryGetNumber(out _))
                    .Select(r => (Drain: r.Keys[0].IsNull ? "" : r.Keys[0].ToString(), FrameId: r.Keys[1].ToString(), AtUs: (long)(r.Values[0].TryGetNumber(out double ms) ? ms * UnixTime.MicrosecondsPerMillisecond : 0)))
                    .OrderBy(r => r.AtUs);
                foreach (var (drain, frameId, atUs) in recovered)
                {
                    frames.Add(new FrameKey(drain, frameId), atUs);
                }

                LogRecovered(app, frames.Count, TimeSpan.FromMicroseconds(lookbackUs));
                return frames;
            }
            catch (TooManyGroupsException) when (lookbackUs > UnixTime.MicrosecondsPerSecond * 10)
            {
                LogNarrowing(app, TimeSpan.FromMicroseconds(lookbackUs));
            }
        }
    }

    private AggregateQuery RecoveryQuery(string app, long nowUs, long lookbackUs) => new(
        new ScanQuery
        {
            App = app,
            FromUs = nowUs - lookbackUs - (long)options.RecoverySlack.TotalMicroseconds,
            Filters =
            [
                FieldFilter.Present(DrainFieldNames.FrameId),
                FieldFilter.Between(FieldNames.ReceiptTime, (nowUs - lookbackUs) / (double)UnixTime.MicrosecondsPerMillisecond, double.MaxValue),
            ],
        },
        [new FieldGroupKey(DrainFieldNames.Drain), new FieldGroupKey(DrainFieldNames.FrameId)],
        [new AggregateSpec(AggregateKind.Max, FieldNames.ReceiptTime)])
    {
        MaxGroups = MaxRecoveredFrames,
    };

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Drain frames of app {App}: recovered {Count} frame ids from the last {Lookback}")]
    private partial void LogRecovered(string app, int count, TimeSpan lookback);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Drain frames of app {App}: more than the recovery limit in the last {Lookback}; reading a narrower window")]
    private partial void LogNarrowing(string app, TimeSpan lookback);
}

internal readonly record struct FrameKey(string Drain, string FrameId);

/// <summary>One app's recent frames per drain, and the frames being stored right now. Guarded by its own lock.</summary>
internal sealed class AppFrames(int capacity, long windowUs)
{
    private readonly Dictionary<string, RecentFrames> _drains = new(StringComparer.Ordinal);

    public Dictionary<FrameKey, TaskCompletionSource> InFlight { get; } = [];

    public int Count => _drains.Values.Sum(d => d.Count);

    public bool Contains(FrameKey key, long nowUs) => _drains.TryGetValue(key.Drain, out var recent) && recent.Contains(key.FrameId, nowUs);

    public void Add(FrameKey key, long atUs)
    {
        if (!_drains.TryGetValue(key.Drain, out var recent))
        {
            recent = new RecentFrames(capacity, windowUs);
            _drains.Add(key.Drain, recent);
        }

        recent.Add(key.FrameId, atUs);
    }
}

/// <summary>The right to store one frame (or the news that it is stored already).</summary>
public sealed class FrameClaim : IDisposable
{
    internal static readonly FrameClaim Duplicate = new(null, default, null, null);

    private readonly AppFrames? _frames;
    private readonly FrameKey _key;
    private readonly TaskCompletionSource? _done;
    private readonly TimeProvider? _clock;
    private bool _released;

    internal FrameClaim(AppFrames? frames, FrameKey key, TaskCompletionSource? done, TimeProvider? clock)
    {
        _frames = frames;
        _key = key;
        _done = done;
        _clock = clock;
    }

    /// <summary>The frame is stored already: acknowledge without appending.</summary>
    public bool IsDuplicate => _frames is null;

    /// <summary>The frame's batch is durable: redeliveries are duplicates from now on.</summary>
    public void Commit()
    {
        if (_frames is null)
        {
            return;
        }

        lock (_frames)
        {
            _frames.Add(_key, UnixTime.NowMicroseconds(_clock!));
        }
    }

    public void Dispose()
    {
        if (_frames is null || _released)
        {
            return;
        }

        _released = true;
        lock (_frames)
        {
            _frames.InFlight.Remove(_key);
        }

        _done!.SetResult();
    }
}
