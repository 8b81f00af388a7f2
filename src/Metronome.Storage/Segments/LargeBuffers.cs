using System.Buffers;

namespace Metronome.Storage.Segments;

/// <summary>
/// Byte buffers of tens of megabytes that every seal and merge needs again (a segment's output buffer holds
/// a block's log lines, ~18 MB; a text column's arena ~30 MB). The shared pool did not keep arrays that
/// large from one seal to the next, so each seal allocated them anew: large-object allocations of fresh
/// memory to fault in, and gen-2 collections sooner. This pool keeps up to eight of each size, up to 64 MiB.
/// </summary>
internal static class LargeBuffers
{
    public static readonly ArrayPool<byte> Bytes = ArrayPool<byte>.Create(64 << 20, 8);
}
