using Metronome.Core.Events.Batches;
using Metronome.Ingest;

namespace Metronome.Server.Drains;

/// <summary>
/// Turns one drain request into the batch that is stored: the frame's events, then its
/// <see cref="FrameMarker"/> when one is needed. The endpoint and log replay (<see cref="LogplexWireCodec"/>)
/// both decode through here, so a replayed request gives the batch the request gave.
/// </summary>
internal static class LogplexRequestDecoder
{
    /// <summary>Says, from a frame's decoded events, whether the marker follows them.</summary>
    public delegate bool MarkerNeed(ReadOnlySpan<EventBatchEntry> events);

    /// <summary>Decodes <paramref name="body"/> into <paramref name="writer"/> (cleared first);
    /// <paramref name="needsMarker"/> sees the frame's events and says whether the marker follows them.
    /// The batch is for a store: its array is pooled (<see cref="EventBatchWriter.ToPooledBatch"/>).</summary>
    public static (EventBatch Batch, int Decoded, bool Marked) Decode(
        ReadOnlySpan<byte> body, DrainContext context, EventBatchWriter writer, List<DecodeError> errors, MarkerNeed needsMarker)
    {
        writer.Clear();
        // Decoded straight into the encoded form the tail keeps: no event objects, no string per line.
        LogplexDecoder.Decode(body, context, writer, errors);
        int decoded = writer.Count;
        bool marked = decoded > 0 && needsMarker(writer.Entries);
        if (marked)
        {
            FrameMarker.Write(writer, context, decoded);
        }

        return (writer.ToPooledBatch(), decoded, marked);
    }
}
