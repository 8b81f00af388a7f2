using System.Buffers;
using BenchmarkDotNet.Attributes;
using Metronome.Storage.Encoding;

namespace Metronome.Benchmarks.StorageEncoding;

/// <summary>Encode and decode one 64K-row block of doubles; the baseline copies the raw 512 KiB.</summary>
[MemoryDiagnoser]
public class DoubleCodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(BlockData.Rows * 9);
    private readonly double[] _decoded = new double[BlockData.Rows];
    private double[] _values = [];
    private byte[] _encoded = [];

    [Params("gauge", "latencies")]
    public string Column { get; set; } = "gauge";

    [GlobalSetup]
    public void Setup()
    {
        _values = Column == "gauge" ? BlockData.Gauge() : BlockData.Latencies();
        var output = new ArrayBufferWriter<byte>();
        DoubleCodec.Encode(_values, output);
        _encoded = output.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true)]
    public void CopyRaw() => _values.AsSpan().CopyTo(_decoded);

    [Benchmark]
    public int Encode()
    {
        _output.ResetWrittenCount();
        DoubleCodec.Encode(_values, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int Decode() => DoubleCodec.Decode(_encoded, _decoded);
}
