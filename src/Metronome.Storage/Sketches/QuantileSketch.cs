using System.Buffers;
using System.Buffers.Binary;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Sketches;

/// <summary>
/// A merging t-digest (Dunning and Ertl, "Computing extremely accurate quantiles using t-digests",
/// 2019) with the arcsine scale function k1(q) = δ/(2π)·asin(2q - 1): centroids are small near
/// q = 0 and q = 1, so tail quantiles such as p99 and p999 (what latency dashboards ask for) are the
/// most accurate. Values are buffered and merged in sorted batches; the sketch is deterministic.
/// NaN values are ignored. Memory is about δ·π/2 centroids plus a buffer of 5δ values.
/// <code>
/// byte 0     header: payload 1 (merging t-digest, k1), bit 7 even parity
/// 8 bytes    compression δ (IEEE-754 double, little-endian)
/// 8 bytes    minimum, 8 bytes maximum (doubles, little-endian)
/// block      centroid means: a DoubleCodec block (ascending)
/// block      centroid weights: an IntegerCodec block (same count, each at least 1)
/// </code>
/// </summary>
public sealed class QuantileSketch
{
    public const double DefaultCompression = 200;

    private const int HeaderPayload = 1;
    private const int MaxCentroids = 1 << 16;

    private readonly double _compression;
    private double[] _means;
    private long[] _weights;
    private int _centroidCount;
    private readonly double[] _buffer;
    private int _bufferCount;
    private long _count;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    public QuantileSketch(double compression = DefaultCompression)
    {
        if (!(compression >= 10 && compression <= 10_000))
        {
            throw new ArgumentOutOfRangeException(nameof(compression), compression, "The compression must be between 10 and 10,000.");
        }

        _compression = compression;
        int capacity = (int)Math.Ceiling(compression * Math.PI / 2) + 10;
        _means = new double[capacity];
        _weights = new long[capacity];
        _buffer = new double[(int)Math.Ceiling(5 * compression)];
    }

    public double Compression => _compression;

    /// <summary>Number of values added (NaN excluded).</summary>
    public long Count => _count;

    /// <summary>Smallest value added; NaN when empty.</summary>
    public double Min => _count == 0 ? double.NaN : _min;

    /// <summary>Largest value added; NaN when empty.</summary>
    public double Max => _count == 0 ? double.NaN : _max;

    /// <summary>Number of centroids after merging the buffer (for tests and diagnostics).</summary>
    public int CentroidCount
    {
        get
        {
            Flush();
            return _centroidCount;
        }
    }

    public void Add(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        if (_bufferCount == _buffer.Length)
        {
            Flush();
        }

        _buffer[_bufferCount++] = value;
        _count++;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
    }

    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other.Flush();
        Flush();
        if (other._count == 0)
        {
            return;
        }

        MergeCentroids(other._means.AsSpan(0, other._centroidCount), other._weights.AsSpan(0, other._centroidCount));
        _count += other._count;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <summary>
    /// The estimated value at rank <paramref name="q"/> in [0, 1]: interpolated between centroid
    /// centres, pinned to the exact minimum and maximum at the ends. NaN when the sketch is empty.
    /// </summary>
    public double Quantile(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "The quantile level must be between 0 and 1.");
        }

        Flush();
        if (_count == 0)
        {
            return double.NaN;
        }

        if (_centroidCount == 1 || q == 0)
        {
            return q == 0 ? _min : q == 1 ? _max : _means[0];
        }

        double target = q * _count;
        double firstCentre = _weights[0] / 2.0;
        if (target < firstCentre)
        {
            // Between the minimum (rank 0) and the centre of the first centroid.
            return Interpolate(_min, _means[0], target / firstCentre);
        }

        double centre = firstCentre;
        for (int i = 0; i + 1 < _centroidCount; i++)
        {
            double nextCentre = centre + ((_weights[i] + _weights[i + 1]) / 2.0);
            if (target < nextCentre)
            {
                // A single-value centroid is an exact sample: snap to it within half a rank.
                if (_weights[i] == 1 && target - centre < 0.5)
                {
                    return _means[i];
                }

                if (_weights[i + 1] == 1 && nextCentre - target <= 0.5)
                {
                    return _means[i + 1];
                }

                return Interpolate(_means[i], _means[i + 1], (target - centre) / (nextCentre - centre));
            }

            centre = nextCentre;
        }

        // Between the centre of the last centroid and the maximum (rank = count).
        double lastMean = _means[_centroidCount - 1];
        double span = _count - centre;
        return span <= 0 ? _max : Interpolate(lastMean, _max, Math.Min(1, (target - centre) / span));
    }

    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Flush();
        Span<byte> header = output.GetSpan(25);
        header[0] = HeaderByte.Seal(HeaderPayload);
        BinaryPrimitives.WriteDoubleLittleEndian(header[1..], _compression);
        BinaryPrimitives.WriteDoubleLittleEndian(header[9..], _min);
        BinaryPrimitives.WriteDoubleLittleEndian(header[17..], _max);
        output.Advance(25);
        DoubleCodec.Encode(_means.AsSpan(0, _centroidCount), output);
        IntegerCodec.Encode(_weights.AsSpan(0, _centroidCount), output);
    }

    /// <summary>Reads a sketch that spans all of <paramref name="encoded"/>.</summary>
    public static QuantileSketch Read(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < 25)
        {
            throw new CorruptDataException("A quantile sketch is truncated.");
        }

        if (HeaderByte.Open(encoded[0], "quantile sketch") != HeaderPayload)
        {
            throw new CorruptDataException($"Unknown quantile sketch header 0x{encoded[0]:X2}.");
        }

        double compression = BinaryPrimitives.ReadDoubleLittleEndian(encoded[1..]);
        double min = BinaryPrimitives.ReadDoubleLittleEndian(encoded[9..]);
        double max = BinaryPrimitives.ReadDoubleLittleEndian(encoded[17..]);
        if (!(compression >= 10 && compression <= 10_000))
        {
            throw new CorruptDataException($"Invalid quantile sketch compression {compression}.");
        }

        ReadOnlySpan<byte> blocks = encoded[25..];
        int count = DoubleCodec.ReadCount(blocks);
        if (count > MaxCentroids)
        {
            throw new CorruptDataException($"A quantile sketch cannot have {count} centroids.");
        }

        double[] means = new double[count];
        DoubleCodec.Decode(blocks, means, out int meansLength);
        long[] weights = new long[count];
        if (IntegerCodec.Decode(blocks[meansLength..], weights) != count)
        {
            throw new CorruptDataException("A quantile sketch has different numbers of means and weights.");
        }

        long total = 0;
        for (int i = 0; i < count; i++)
        {
            bool ordered = i == 0 || means[i] >= means[i - 1];
            if (weights[i] < 1 || !ordered || !(means[i] >= min && means[i] <= max) || (total += weights[i]) < 0)
            {
                throw new CorruptDataException($"Quantile sketch centroid {i} is out of order, out of range or weightless.");
            }
        }

        var sketch = new QuantileSketch(compression);
        if (count > 0)
        {
            sketch.MergeCentroids(means, weights);
            sketch._count = total;
            sketch._min = min;
            sketch._max = max;
        }

        return sketch;
    }

    private static double Interpolate(double from, double to, double fraction) => from + ((to - from) * fraction);

    private void Flush()
    {
        if (_bufferCount == 0)
        {
            return;
        }

        Span<double> values = _buffer.AsSpan(0, _bufferCount);
        values.Sort();
        long[] ones = ArrayPool<long>.Shared.Rent(values.Length);
        try
        {
            Span<long> unitWeights = ones.AsSpan(0, values.Length);
            unitWeights.Fill(1);
            _bufferCount = 0;
            MergeCentroids(values, unitWeights);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ones);
        }
    }

    /// <summary>
    /// Merges sorted centroids into the digest's own (also sorted) in one pass, combining
    /// neighbours while the result stays within one unit of the scale function k1.
    /// </summary>
    private void MergeCentroids(ReadOnlySpan<double> incomingMeans, ReadOnlySpan<long> incomingWeights)
    {
        int total = _centroidCount + incomingMeans.Length;
        double totalWeight = 0;
        foreach (long weight in incomingWeights)
        {
            totalWeight += weight;
        }

        for (int i = 0; i < _centroidCount; i++)
        {
            totalWeight += _weights[i];
        }

        double[] mergedMeans = new double[Math.Max(total, _means.Length)];
        long[] mergedWeights = new long[mergedMeans.Length];
        int mine = 0;
        int theirs = 0;
        int output = -1;
        double weightBefore = 0;
        double weightLimit = 0;
        while (mine < _centroidCount || theirs < incomingMeans.Length)
        {
            double mean;
            long weight;
            if (theirs >= incomingMeans.Length || (mine < _centroidCount && _means[mine] <= incomingMeans[theirs]))
            {
                mean = _means[mine];
                weight = _weights[mine++];
            }
            else
            {
                mean = incomingMeans[theirs];
                weight = incomingWeights[theirs++];
            }

            if (output >= 0 && weightBefore + mergedWeights[output] + weight <= weightLimit)
            {
                long combined = mergedWeights[output] + weight;
                mergedMeans[output] += (mean - mergedMeans[output]) * weight / combined;
                mergedWeights[output] = combined;
                continue;
            }

            if (output >= 0)
            {
                weightBefore += mergedWeights[output];
            }

            output++;
            mergedMeans[output] = mean;
            mergedWeights[output] = weight;
            weightLimit = totalWeight * UpperQuantileBound(weightBefore / totalWeight);
        }

        _means = mergedMeans;
        _weights = mergedWeights;
        _centroidCount = output + 1;
    }

    /// <summary>The largest q' with k1(q') - k1(q) &lt;= 1: how far a centroid starting at q may extend.</summary>
    private double UpperQuantileBound(double q)
    {
        double k = (_compression / (2 * Math.PI) * Math.Asin((2 * q) - 1)) + 1;
        double maxK = _compression / 4;
        return k >= maxK ? 1.0 : (Math.Sin(k * 2 * Math.PI / _compression) + 1) / 2;
    }
}
