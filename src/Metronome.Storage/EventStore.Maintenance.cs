using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Time;
using Metronome.Storage.Manifest;
using Metronome.Storage.Scanning;
using Metronome.Storage.Segments;
using Metronome.Storage.Tail;

namespace Metronome.Storage;

/// <summary>
/// Background work: sealing the tail into segments and compacting segments. They run on separate loops,
/// so a long merge never holds up a seal (which would fill the tail and push back on writers); both
/// change the manifest only under <see cref="_manifestGate"/>.
/// </summary>
public sealed partial class EventStore
{
    /// <summary>Seals the tail if it is due (or when <paramref name="force"/>), then compacts partitions
    /// that have too many segments. The background loops do the same separately; tests call this.</summary>
    public void RunMaintenance(bool force = false)
    {
        SealDue(force);
        _maintenanceGate.Wait();
        try
        {
            Compact();
        }
        finally
        {
            _maintenanceGate.Release();
        }
    }

    private void SealDue(bool force)
    {
        _sealGate.Wait();
        try
        {
            var tail = _state.Tail;
            bool due = IsDue(tail)
                || (tail.Count > 0 && UnixTime.NowMicroseconds(_clock) - tail.OldestReceiptUs >= (long)_options.SealAge.TotalMicroseconds);
            // Forced: seal what was there when called (appends arriving meanwhile wait for the next pass).
            long owed = force ? tail.EventCount : 0;
            while (tail.Count > 0 && (due || owed > 0))
            {
                owed -= Seal(tail);
                tail = _state.Tail;
                due = IsDue(tail);
            }
        }
        finally
        {
            _sealGate.Release();
        }
    }

    private bool IsDue(TailView tail) =>
        tail.EventCount >= _options.SealEventCount || tail.EventCount > _options.MaxTailEvents;

    private void WakeSealing()
    {
        if (_sealWanted.CurrentCount == 0)
        {
            try
            {
                _sealWanted.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread woke it first.
            }
        }
    }

    /// <summary>Seals on every tick (the age rule) and as soon as the tail is due (woken by appends). Runs
    /// on a thread of its own, blocking while it waits: seals take seconds of CPU, and on the thread pool
    /// they held the threads that requests continue on (2 on a 2-core machine) until it added more,
    /// which stalled requests for up to a second.</summary>
    private void SealLoop()
    {
        using var timer = new PeriodicTimer(_options.MaintenanceInterval, _clock);
        Task<bool> tick = timer.WaitForNextTickAsync(_stopping.Token).AsTask();
        Task woken = _sealWanted.WaitAsync(_stopping.Token);
        while (true)
        {
            var first = Task.WhenAny(tick, woken).GetAwaiter().GetResult();
            first.GetAwaiter().GetResult(); // throws once stopping
            if (first == tick)
            {
                tick = timer.WaitForNextTickAsync(_stopping.Token).AsTask();
            }
            else
            {
                woken = _sealWanted.WaitAsync(_stopping.Token);
            }

            try
            {
                SealDue(force: false);
            }
            catch (IOException ex)
            {
                // The events stay in the tail and the log; sealing is retried on the next tick.
                Console.Error.WriteLine($"metronome: sealing segments failed, will retry: {ex.Message}");
            }
        }
    }

    /// <summary>Compacts on every tick, on a thread of its own for the reason <see cref="SealLoop"/> has.</summary>
    private void CompactionLoop()
    {
        using var timer = new PeriodicTimer(_options.MaintenanceInterval, _clock);
        while (timer.WaitForNextTickAsync(_stopping.Token).AsTask().GetAwaiter().GetResult())
        {
            _maintenanceGate.Wait(_stopping.Token);
            try
            {
                Compact();
            }
            catch (IOException ex)
            {
                // The old segments stay in place; the merge is retried on the next tick.
                Console.Error.WriteLine($"metronome: compacting segments failed, will retry: {ex.Message}");
            }
            finally
            {
                _maintenanceGate.Release();
            }
        }
    }

    /// <summary>Seals a prefix of the tail; returns how many events it sealed.</summary>
    private long Seal(TailView tail)
    {
        // Seal a bounded prefix per pass (memory), cut at a record boundary: batches of one group commit
        // share an LSN, and the checkpoint must never cover a batch that is not in a segment.
        int count = 0;
        long events = 0;
        while (count < tail.Count && (events < _options.SealEventCount || (count > 0 && tail.Batches[count].Lsn == tail.Batches[count - 1].Lsn)))
        {
            events += tail.Batches[count].EventCount;
            count++;
        }

        var sealing = tail.Batches[..count];
        long checkpoint = sealing[^1].Lsn;
        var encoded = new EventBatch[count];
        var batches = new byte[count][];
        for (int b = 0; b < count; b++)
        {
            encoded[b] = sealing[b].Batch;
            batches[b] = sealing[b].Data;
        }

        // Partitions become segments independently: on all cores, each with its file id fixed up front.
        var partitions = TailPartitioner.Split(TailPartitioner.Partition(encoded), _options.QueryThreads, Math.Max(1, _options.SealSplitRows));
        long firstId = ReserveSegmentIds(partitions.Count);
        var created = new Segment?[partitions.Count];
        try
        {
            DedicatedParallel.For(partitions.Count, _options.QueryThreads, p =>
            {
                var partition = partitions[p];
                string file = $"{firstId + p:D12}.seg";
                string day = DayOf(partition.Day * UnixTime.MicrosecondsPerDay);
                var info = SegmentWriter.Write(_fs, SegmentPath(file), file, partition.App, day, partition.Rows, batches);
                created[p] = Segment.Open(_fs, info, _dictionaryStrings);
            });
        }
        catch (AggregateException ex)
        {
            // Nothing is in the manifest yet: the files written are orphans, removed on the next open.
            foreach (var segment in created)
            {
                segment?.Dispose();
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
            throw;
        }

        var sealedSegments = created.Select(s => s!).ToList();
        long sealedAt = UnixTime.NowMicroseconds(_clock);
        foreach (var segment in sealedSegments)
        {
            _lastSealed[(segment.Info.App, segment.Info.Day)] = sealedAt;
        }

        lock (_manifestGate)
        {
            var manifest = _manifest with
            {
                CheckpointLsn = checkpoint,
                Segments = [.. _manifest.Segments, .. sealedSegments.Select(s => s.Info)],
            };
            manifest.Save(_fs);
            _manifest = manifest;
            lock (_stateGate)
            {
                _state = new StoreState(_state.Segments.AddRange(sealedSegments), _state.Tail.DropFirst(count));
            }
        }

        _tailRecycler.Retire(encoded);

        Interlocked.Exchange(ref _sealed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        _wal.DeleteUpTo(checkpoint);
        return events;
    }

    /// <summary>Takes <paramref name="count"/> segment ids. Only kept in memory until the next manifest
    /// save: after a crash, ids may be handed out again, and files written under them were orphans
    /// (removed on open) anyway.</summary>
    private long ReserveSegmentIds(int count)
    {
        lock (_manifestGate)
        {
            long first = _manifest.NextSegmentId;
            _manifest = _manifest with { NextSegmentId = first + count };
            return first;
        }
    }

    /// <summary>Size-tiered compaction: merges <see cref="StoreOptions.CompactionFanIn"/> segments of one
    /// partition and one size tier. A growing partition's big segment is then not rewritten every time a
    /// few small ones arrive (which made a busy day's compaction cost grow with the day's volume and
    /// starve sealing); each event is rewritten about log_fanIn(partition rows / seal size) times.</summary>
    private void Compact()
    {
        ForgetCooledPartitions(UnixTime.NowMicroseconds(_clock));
        while (true)
        {
            // A merge can fill the next tier up: go round until no tier has fan-in segments.
            long now = UnixTime.NowMicroseconds(_clock);
            var merges = _state.Segments
                .Where(s => !IsFinal(s.Info))
                .GroupBy(s => (s.Info.App, s.Info.Day, Tier: Tier(s.Info.Rows)))
                .Select(g => (Segments: g, FanIn: FanInOf(g.Key.App, g.Key.Day, now)))
                .Where(g => g.Segments.Count() >= g.FanIn)
                .Select(g => WithinMergeLimits(g.Segments.OrderBy(s => s.Info.File, StringComparer.Ordinal).Take(g.FanIn)))
                .Where(m => m.Count >= 2)
                .ToList();
            if (merges.Count == 0)
            {
                return;
            }

            foreach (var old in merges)
            {
                Merge(old);
            }
        }
    }

    /// <summary>Over half the merge limits: merging it with anything would pass them.</summary>
    private bool IsFinal(SegmentInfo info) =>
        info.Rows > _options.MaxMergedRows / 2 || info.Bytes > _options.MaxMergedBytes / 2;

    /// <summary>The longest run of <paramref name="candidates"/> whose merge stays within the limits.</summary>
    private List<Segment> WithinMergeLimits(IEnumerable<Segment> candidates)
    {
        var taken = new List<Segment>();
        long rows = 0, bytes = 0;
        foreach (var segment in candidates)
        {
            if (rows + segment.Info.Rows > _options.MaxMergedRows || bytes + segment.Info.Bytes > _options.MaxMergedBytes)
            {
                break;
            }

            taken.Add(segment);
            rows += segment.Info.Rows;
            bytes += segment.Info.Bytes;
        }

        return taken;
    }

    /// <summary>A partition not sealed into for the quiet period is cold for good until its next seal:
    /// its entry goes, so the map holds only partitions being written (it had one per partition ever).</summary>
    private void ForgetCooledPartitions(long nowUs)
    {
        long quietUs = (long)_options.CompactionQuietPeriod.TotalMicroseconds;
        foreach (var (partition, sealedAt) in _lastSealed)
        {
            if (nowUs - sealedAt >= quietUs)
            {
                _lastSealed.TryRemove(new KeyValuePair<(string App, string Day), long>(partition, sealedAt));
            }
        }
    }

    private int FanInOf(string app, string day, long nowUs) =>
        _lastSealed.TryGetValue((app, day), out long sealedAt) && nowUs - sealedAt < (long)_options.CompactionQuietPeriod.TotalMicroseconds
            ? Math.Max(_options.CompactionFanIn, _options.HotCompactionFanIn)
            : _options.CompactionFanIn;

    /// <summary>Merges segments of one partition: full blocks by copying them (<see cref="SegmentConcatenator"/>),
    /// else column by column (<see cref="SegmentMerger"/>): no event objects or encoded rows, so a merge of
    /// millions of rows does not hold the input twice over.</summary>
    private void Merge(List<Segment> old)
    {
        string file = $"{ReserveSegmentIds(1):D12}.seg";
        string path = SegmentPath(file);
        var (app, day) = (old[0].Info.App, old[0].Info.Day);
        var info = SegmentConcatenator.TryConcatenate(_fs, path, file, app, day, old)
            ?? SegmentMerger.Merge(_fs, path, file, app, day, old);
        Replace(old, [Segment.Open(_fs, info, _dictionaryStrings)]);
    }

    /// <summary>0 up to the seal size, then one more per factor of the fan-in.</summary>
    private int Tier(long rows)
    {
        int tier = 0;
        for (long limit = Math.Max(1, _options.SealEventCount); rows > limit && tier < 30; limit *= Math.Max(2, _options.CompactionFanIn))
        {
            tier++;
        }

        return tier;
    }

    /// <summary>Swaps segments in the manifest and in the live state, then deletes the old files.</summary>
    private void Replace(IReadOnlyList<Segment> old, IReadOnlyList<Segment> added)
    {
        var oldFiles = old.Select(s => s.Info.File).ToHashSet(StringComparer.Ordinal);
        lock (_manifestGate)
        {
            var manifest = _manifest with
            {
                Segments = [.. _manifest.Segments.Where(s => !oldFiles.Contains(s.File)), .. added.Select(s => s.Info)],
            };
            manifest.Save(_fs);
            _manifest = manifest;
            lock (_stateGate)
            {
                _state = _state with { Segments = [.. _state.Segments.Where(s => !oldFiles.Contains(s.Info.File)), .. added] };
            }
        }

        foreach (var segment in old)
        {
            // Readers holding the old snapshot keep their open handle; the file goes when they are done.
            _fs.Delete(SegmentPath(segment.Info.File));
        }
    }
}
