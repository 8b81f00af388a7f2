using BenchmarkDotNet.Attributes;
using Metronome.Storage.Encoding;
using Metronome.Storage.Sketches;

namespace Metronome.Benchmarks.StorageEncoding;

/// <summary>Per-block costs of the sketches: 64K HyperLogLog adds and 64K bloom lookups.</summary>
[MemoryDiagnoser]
public class SketchBenchmarks
{
    private readonly ulong[] _hashes = Enumerable.Range(0, BlockData.Rows).Select(i => Hash64.Hash(i)).ToArray();
    private readonly ulong[] _absent = Enumerable.Range(0, BlockData.Rows).Select(i => Hash64.Hash(-1L - i)).ToArray();
    private readonly HyperLogLog _dense = new();
    private BloomFilter _bloom = BloomFilter.Create(1, 0.5);

    [GlobalSetup]
    public void Setup()
    {
        _bloom = BloomFilter.Create(BlockData.Rows, 0.01);
        foreach (ulong hash in _hashes)
        {
            _bloom.Add(hash);
            _dense.Add(hash);
        }
    }

    [Benchmark]
    public void HyperLogLogAdd()
    {
        foreach (ulong hash in _hashes)
        {
            _dense.Add(hash);
        }
    }

    [Benchmark]
    public long HyperLogLogEstimate() => _dense.Estimate();

    [Benchmark]
    public int BloomLookupsPresent() => CountMaybe(_hashes);

    [Benchmark]
    public int BloomLookupsAbsent() => CountMaybe(_absent);

    [Benchmark]
    public void BloomAdd()
    {
        foreach (ulong hash in _hashes)
        {
            _bloom.Add(hash);
        }
    }

    [Benchmark]
    public ulong HashShortStrings()
    {
        ulong combined = 0;
        for (int i = 0; i < 1024; i++)
        {
            combined ^= Hash64.Hash("request_id");
        }

        return combined;
    }

    private int CountMaybe(ulong[] hashes)
    {
        int count = 0;
        foreach (ulong hash in hashes)
        {
            count += _bloom.MayContain(hash) ? 1 : 0;
        }

        return count;
    }
}
