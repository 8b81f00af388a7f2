using System.Buffers;
using BenchmarkDotNet.Attributes;
using Metronome.Storage.Encoding;

namespace Metronome.Benchmarks.StorageEncoding;

/// <summary>Encode and decode one 64K-row block of longs; the baseline copies the raw 512 KiB.</summary>
[MemoryDiagnoser]
public class IntegerCodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(BlockData.Rows * 9);
    private readonly long[] _decoded = new long[BlockData.Rows];
    private long[] _values = [];
    private byte[] _encoded = [];

    [Params("timestamps", "small ints")]
    public string Column { get; set; } = "timestamps";

    [GlobalSetup]
    public void Setup()
    {
        _values = Column == "timestamps" ? BlockData.Timestamps() : BlockData.SmallInts();
        var output = new ArrayBufferWriter<byte>();
        IntegerCodec.Encode(_values, output);
        _encoded = output.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true)]
    public void CopyRaw() => _values.AsSpan().CopyTo(_decoded);

    [Benchmark]
    public int Encode()
    {
        _output.ResetWrittenCount();
        IntegerCodec.Encode(_values, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int Decode() => IntegerCodec.Decode(_encoded, _decoded);
}
