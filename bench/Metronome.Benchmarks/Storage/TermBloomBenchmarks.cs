using BenchmarkDotNet.Attributes;
using Metronome.Benchmarks.Ingest;
using Metronome.Storage.Encoding;
using Metronome.Storage.Segments;

namespace Metronome.Benchmarks.Storage;

/// <summary>The term index of a block's <c>_raw</c> chunk as sealing builds it: one block (65,536 rows) of distinct
/// Heroku router lines (distinct request ids, clients and times). Each operation is one line, so Mean is the
/// index's cost per value.</summary>
[MemoryDiagnoser]
public class TermBloomBenchmarks
{
    private const int Lines = 65_536;

    private readonly byte[][] _lines = LogSamples.Messages(Lines, LogSamples.RouterLine);

    [Benchmark(OperationsPerInvoke = Lines)]
    public int Build() => TermBloom.Build(new Values(_lines)).BlockCount;

    private readonly struct Values(byte[][] lines) : IUtf8Values
    {
        public int Count => lines.Length;

        public ReadOnlySpan<byte> this[int index] => lines[index];
    }
}
