using System.Buffers;
using System.Buffers.Binary;
using Metronome.Core.Text;
using Metronome.Storage.Checksums;
using Metronome.Storage.Io;

namespace Metronome.Storage.Segments;

/// <summary>
/// Where a segment is encoded: a buffer that goes to the file whenever the writer finishes a block and
/// the buffer holds enough, so a segment of any size needs about one block's worth of memory (a merge
/// of millions of rows used to be assembled whole before it was written). Offsets count from the start
/// of the file; a chunk's checksum is taken while its bytes are still in the buffer.
/// </summary>
internal sealed class SegmentOutput(IAtomicFile file, int flushBytes = SegmentOutput.DefaultFlushBytes) : IBufferWriter<byte>, IDisposable
{
    public const int DefaultFlushBytes = 1 << 20;

    // A block's chunk of log lines is ~18 MB: the buffer grows that far on every segment (LargeBuffers).
    private readonly PooledBufferWriter _buffer = new(flushBytes + (flushBytes / 4), LargeBuffers.Bytes);
    private long _flushed;

    public long WrittenCount => _flushed + _buffer.WrittenCount;

    public void Advance(int count) => _buffer.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);

    /// <summary>The chunk from <paramref name="offset"/> to the end, with its checksum. It must not have
    /// been flushed: writers flush only between chunks.</summary>
    public ChunkRef EndChunk(long offset)
    {
        if (offset < _flushed)
        {
            throw new InvalidOperationException($"the chunk at {offset} was flushed already (at {_flushed})");
        }

        var bytes = _buffer.WrittenSpan[(int)(offset - _flushed)..];
        return new ChunkRef(offset, bytes.Length, Crc32C.Compute(bytes));
    }

    /// <summary>Hands the buffer to the file once it holds <c>flushBytes</c>; only between chunks.</summary>
    public void FlushIfFull()
    {
        if (_buffer.WrittenCount >= flushBytes)
        {
            Flush();
        }
    }

    /// <summary>The 16-byte header: magic and the version written.</summary>
    public void WriteHeader()
    {
        var header = GetSpan(SegmentFormat.HeaderSize)[..SegmentFormat.HeaderSize];
        header.Clear();
        SegmentFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], SegmentFormat.Version);
        Advance(SegmentFormat.HeaderSize);
    }

    /// <summary>Writes the footer and the trailer that locates it, then commits the file; returns the
    /// file's length.</summary>
    public long Finish(string app, string day, IReadOnlyList<ColumnDescriptor> columns, IReadOnlyList<BlockDescriptor> blocks)
    {
        long footerOffset = WrittenCount;
        SegmentFooter.Write(this, app, day, columns, blocks);
        var footer = EndChunk(footerOffset);
        var trailer = GetSpan(SegmentFormat.TrailerSize)[..SegmentFormat.TrailerSize];
        BinaryPrimitives.WriteInt64LittleEndian(trailer, footerOffset);
        BinaryPrimitives.WriteInt32LittleEndian(trailer[8..], footer.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[12..], footer.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[16..], SegmentFormat.Version);
        SegmentFormat.Magic.CopyTo(trailer[20..]);
        Advance(SegmentFormat.TrailerSize);
        long length = WrittenCount;
        Commit();
        return length;
    }

    /// <summary>Writes what is left and makes the file durable under its name.</summary>
    public void Commit()
    {
        Flush();
        file.Commit();
    }

    public void Dispose()
    {
        _buffer.Dispose();
        file.Dispose();
    }

    private void Flush()
    {
        file.Append(_buffer.WrittenSpan);
        _flushed += _buffer.WrittenCount;
        _buffer.Clear();
    }
}
