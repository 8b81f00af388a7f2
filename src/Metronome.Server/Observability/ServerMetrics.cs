using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Metronome.Storage;

namespace Metronome.Server.Observability;

/// <summary>
/// Counters and latency histograms exposed at <c>/metrics</c> in the Prometheus text format. Lock-free
/// on the hot path: one interlocked add per counter, one per histogram bucket.
/// </summary>
public sealed class ServerMetrics
{
    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<string, Counter> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram> _latency = new(StringComparer.Ordinal);

    public void Accepted(string source, long count) => _accepted.GetOrAdd(source, _ => new Counter()).Add(count);

    public void Rejected(string reason, long count = 1) => _rejected.GetOrAdd(reason, _ => new Counter()).Add(count);

    public void Observe(string route, double seconds) => _latency.GetOrAdd(route, _ => new Histogram()).Observe(seconds);

    public long AcceptedTotal(string source) => _accepted.TryGetValue(source, out var c) ? c.Value : 0;

    public long RejectedTotal(string reason) => _rejected.TryGetValue(reason, out var c) ? c.Value : 0;

    public string Render(StoreStatistics store)
    {
        var text = new StringBuilder();
        Header(text, "metronome_events_accepted_total", "counter", "Events acknowledged (durable), by source.");
        foreach (var (source, counter) in _accepted.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"metronome_events_accepted_total{{source=\"{source}\"}} {counter.Value}\n");
        }

        Header(text, "metronome_events_rejected_total", "counter", "Events or requests refused, by reason.");
        foreach (var (reason, counter) in _rejected.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"metronome_events_rejected_total{{reason=\"{reason}\"}} {counter.Value}\n");
        }

        Header(text, "metronome_http_request_duration_seconds", "histogram", "Request latency by route.");
        foreach (var (route, histogram) in _latency.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            histogram.Render(text, route);
        }

        Single(text, "metronome_store_events", "gauge", "Events in the store (segments and unsealed tail).", store.TotalEvents);
        Single(text, "metronome_store_tail_events", "gauge", "Acknowledged events not yet sealed into segments.", store.TailEvents);
        Single(text, "metronome_store_segment_bytes", "gauge", "Bytes of segment files on disk.", store.TotalBytes);
        Single(text, "metronome_store_segments", "gauge", "Segment files.", store.Partitions.Sum(p => p.Segments));
        Single(text, "metronome_store_wal_files", "gauge", "Write-ahead log files.", store.WalFiles);
        AppendRuntime(text);
        return text.ToString();
    }

    /// <summary>The .NET runtime's own figures: garbage collections by generation, time paused in them,
    /// and heap size, the usual first look when latency or CPU per event grows.</summary>
    private static void AppendRuntime(StringBuilder text)
    {
        Header(text, "dotnet_gc_collections_total", "counter", "Garbage collections, by generation (a gen-2 count includes background ones).");
        for (int generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            text.Append(CultureInfo.InvariantCulture, $"dotnet_gc_collections_total{{generation=\"{generation}\"}} {GC.CollectionCount(generation)}\n");
        }

        Single(text, "dotnet_gc_pause_seconds_total", "counter", "Time the process was paused for garbage collection.", GC.GetTotalPauseDuration().TotalSeconds);
        Single(text, "dotnet_gc_heap_bytes", "gauge", "Bytes in the managed heap after the last collection.", GC.GetGCMemoryInfo().HeapSizeBytes);
        Single(text, "dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated in the managed heap since start.", GC.GetTotalAllocatedBytes());
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");

    /// <summary>A metric with one unlabelled sample.</summary>
    private static void Single(StringBuilder text, string name, string type, string help, double value)
    {
        Header(text, name, type, help);
        text.Append(CultureInfo.InvariantCulture, $"{name} {value:0.######}\n");
    }

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Add(long count) => Interlocked.Add(ref _value, count);
    }

    private sealed class Histogram
    {
        private readonly long[] _buckets = new long[LatencyBuckets.Length];
        private long _count;
        private long _sumMicros;

        public void Observe(double seconds)
        {
            int i = Array.BinarySearch(LatencyBuckets, seconds);
            if (i < 0)
            {
                i = ~i;
            }

            if (i < _buckets.Length)
            {
                Interlocked.Increment(ref _buckets[i]);
            }

            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _sumMicros, (long)(seconds * 1e6));
        }

        public void Render(StringBuilder text, string route)
        {
            long cumulative = 0;
            for (int i = 0; i < LatencyBuckets.Length; i++)
            {
                cumulative += Interlocked.Read(ref _buckets[i]);
                text.Append(CultureInfo.InvariantCulture, $"metronome_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{LatencyBuckets[i]}\"}} {cumulative}\n");
            }

            long count = Interlocked.Read(ref _count);
            text.Append(CultureInfo.InvariantCulture, $"metronome_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}\n");
            text.Append(CultureInfo.InvariantCulture, $"metronome_http_request_duration_seconds_sum{{route=\"{route}\"}} {Interlocked.Read(ref _sumMicros) / 1e6}\n");
            text.Append(CultureInfo.InvariantCulture, $"metronome_http_request_duration_seconds_count{{route=\"{route}\"}} {count}\n");
        }
    }
}
