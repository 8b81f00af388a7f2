using System.Globalization;
using BenchmarkDotNet.Attributes;
using Metronome.Benchmarks.Ingest;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest;
using Metronome.Storage.Segments;
using Metronome.Storage.Tail;

namespace Metronome.Benchmarks.Storage;

/// <summary>Sealing a tail of Heroku router lines into a segment, as the store does under a drain's load: ~100 KiB
/// logplex bodies of distinct lines, each decoded into its own batch the way the drain endpoint does (with its
/// <c>_drain</c> and <c>_frameid</c> tags), then partitioned, sorted and encoded into a segment whose bytes are discarded (see
/// <see cref="DiscardingFileSystem"/>).
/// Each operation is one event, so Mean is the seal's CPU cost per event.</summary>
[MemoryDiagnoser]
public class SealBenchmarks
{
    private const int Events = 100_000;
    private const long ReceiptUs = 1_718_290_000_000_000;

    private readonly List<EventBatch> _batches;
    private readonly byte[][] _data;
    private int _file;

    public SealBenchmarks()
    {
        _batches = RouterBatches(Events);
        _data = [.. _batches.Select(b => b.Data)];
    }

    /// <summary>Partition, sort and write: one segment, since all lines fall on one app and day.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long Seal()
    {
        var partition = TailPartitioner.Partition(_batches).Single();
        string file = $"{++_file:D12}.seg";
        string day = DateTime.UnixEpoch.AddDays(partition.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var info = SegmentWriter.Write(new DiscardingFileSystem(), "segments/" + file, file, partition.App, day, partition.Rows, _data);
        return info.Bytes;
    }

    /// <summary>Bodies of distinct lines (one random stream across them) decoded into batches until there are
    /// <paramref name="events"/> events; the last body is cut to fit.</summary>
    private static List<EventBatch> RouterBatches(int events)
    {
        var random = new Random(42);
        var batches = new List<EventBatch>();
        var writer = new EventBatchWriter(LogSamples.TargetBodyBytes * 3);
        var errors = new List<DecodeError>();
        for (int total = 0, frame = 0; total < events; frame++)
        {
            var body = LogSamples.Body(random, LogSamples.RouterLine, events - total, out _);
            var context = LogSamples.Context with
            {
                ReceiptTimeUs = ReceiptUs + (frame * 1000L),
                Tags =
                [
                    KeyValuePair.Create("_drain", FieldValue.From(LogSamples.Context.SourceName)),
                    KeyValuePair.Create("_frameid", FieldValue.From($"{random.Next()}-0-{frame}")),
                ],
            };
            writer.Clear();
            LogplexDecoder.Decode(body, context, writer, errors);
            var batch = writer.ToBatch();
            if (errors.Count > 0 || batch.Count == 0)
            {
                throw new InvalidOperationException($"the sample body did not decode: {errors.Count} errors");
            }

            batches.Add(batch);
            total += batch.Count;
        }

        return batches;
    }
}
