using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest;

namespace Metronome.Server.Drains;

/// <summary>
/// The restart scan of <see cref="FrameLedger"/> reads a bounded range of message times, so it finds a frame by
/// any of its events stamped at most <see cref="DrainOptions.RecoverySlack"/> before the frame arrived. A frame
/// whose lines are all older (Logplex replaying history) gets one extra <c>drain.frame</c> event stamped with the
/// receipt time, appended in the same batch, so its id is durable and found like the others.
/// </summary>
public static class FrameMarker
{
    public const string EventName = "drain.frame";

    /// <summary>Whether no event of the decoded frame falls in the recovery scan's reach.</summary>
    public static bool IsNeeded(ReadOnlySpan<EventBatchEntry> decoded, DrainContext context, DrainOptions options)
    {
        long reachUs = context.ReceiptTimeUs - (long)options.RecoverySlack.TotalMicroseconds;
        foreach (var entry in decoded)
        {
            if (entry.TimeUs >= reachUs)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes the marker after the frame's <paramref name="messages"/> events.</summary>
    public static void Write(EventBatchWriter writer, DrainContext context, int messages)
    {
        var fields = new List<KeyValuePair<string, FieldValue>>(context.Tags.Count + 3)
        {
            KeyValuePair.Create(FieldNames.SourceCategory, FieldValue.From(context.SourceCategory)),
            KeyValuePair.Create(FieldNames.SourceName, FieldValue.From(context.SourceName)),
        };
        fields.AddRange(context.Tags);
        fields.Add(KeyValuePair.Create("messages", FieldValue.From((long)messages)));
        writer.Add(context.App, EventName, context.ReceiptTimeUs, context.ReceiptTimeUs, fields);
    }
}
