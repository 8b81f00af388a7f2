using BenchmarkDotNet.Attributes;
using Metronome.Storage.Encoding;

namespace Metronome.Benchmarks.StorageEncoding;

/// <summary>Pack and unpack one 64K-row block of 10-bit dictionary codes; the baseline copies them unpacked.</summary>
[MemoryDiagnoser]
public class BitPackingBenchmarks
{
    private readonly uint[] _codes = BlockData.DictionaryCodes();
    private readonly uint[] _unpacked = new uint[BlockData.Rows];
    private byte[] _packed = [];
    private int _bitWidth;

    [GlobalSetup]
    public void Setup()
    {
        _bitWidth = BitPacking.BitWidth(_codes.Max());
        _packed = new byte[BitPacking.PackedLength(_codes.Length, _bitWidth)];
        BitPacking.Pack(_codes, _bitWidth, _packed);
    }

    [Benchmark(Baseline = true)]
    public void CopyRaw() => _codes.AsSpan().CopyTo(_unpacked);

    [Benchmark]
    public void Pack() => BitPacking.Pack(_codes, _bitWidth, _packed);

    [Benchmark]
    public void Unpack() => BitPacking.Unpack(_packed, _bitWidth, _unpacked);
}
