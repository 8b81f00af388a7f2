using System.Buffers.Text;

namespace Metronome.Workload.Output;

/// <summary>
/// Appends pre-encoded UTF-8 fragments and ASCII numbers to one large buffer and hands it to the
/// stream in big writes: no strings, no per-line allocations.
/// </summary>
public sealed class Utf8LineWriter(Stream output, int bufferSize = 1 << 20)
{
    // Longer than any line the generator writes, so a line never straddles a flush.
    private const int MaxLineBytes = 2048;

    private readonly byte[] _buffer = new byte[Math.Max(bufferSize, 2 * MaxLineBytes)];
    private int _length;

    public long BytesWritten { get; private set; }

    /// <summary>Call before each line: flushes when the remaining room might not hold it.</summary>
    public void BeginLine()
    {
        if (_buffer.Length - _length < MaxLineBytes)
            FlushBuffer();
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Byte(byte b) => _buffer[_length++] = b;

    public void Integer(long value)
    {
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out int written);
        _length += written;
    }

    /// <summary>A non-negative integer left-padded with zeros to <paramref name="digits"/> digits.</summary>
    public void ZeroPadded(int value, int digits)
    {
        for (int i = digits - 1; i >= 0; i--)
        {
            _buffer[_length + i] = (byte)('0' + value % 10);
            value /= 10;
        }
        _length += digits;
    }

    /// <summary>An amount in cents as a JSON number with two decimals (1999 -> 19.99).</summary>
    public void Cents(int cents)
    {
        Integer(cents / 100);
        Byte((byte)'.');
        ZeroPadded(cents % 100, 2);
    }

    public void FlushBuffer()
    {
        output.Write(_buffer, 0, _length);
        BytesWritten += _length;
        _length = 0;
    }
}
