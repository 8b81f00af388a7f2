using BenchmarkDotNet.Attributes;
using Metronome.Storage.Encoding;

namespace Metronome.Benchmarks.StorageEncoding;

/// <summary>Vectorized kernels against the plain loops they replace (the baselines), on one 64K-row block.</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private readonly long[] _longs = BlockData.SmallInts();
    private readonly uint[] _codes = BlockData.DictionaryCodes();
    private readonly int[] _selection = new int[BlockData.Rows];
    private readonly long[] _counts = new long[1024];

    [Benchmark(Baseline = true)]
    public long SumLoop()
    {
        long total = 0;
        foreach (long value in _longs)
        {
            total += value;
        }

        return total;
    }

    [Benchmark]
    public long Sum() => Kernels.Sum(_longs);

    [Benchmark]
    public (long, long) MinMax() => Kernels.MinMax(_longs);

    [Benchmark]
    public int SelectEqualsLoop()
    {
        int selected = 0;
        for (int i = 0; i < _codes.Length; i++)
        {
            if (_codes[i] == 500)
            {
                _selection[selected++] = i;
            }
        }

        return selected;
    }

    [Benchmark]
    public int SelectEquals() => Kernels.SelectEquals(_codes, 500, _selection);

    [Benchmark]
    public int CountEquals() => Kernels.CountEquals(_codes, 0);

    [Benchmark]
    public int SelectRange() => Kernels.SelectRange(_longs, 100, 199, _selection);

    [Benchmark]
    public void CountByCode() => Kernels.CountByCode(_codes, _counts);
}
