using Metronome.Core.Events;
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

    /// <summary>Adds the marker when no event of the frame falls in the recovery scan's reach.</summary>
    public static void AddIfNeeded(List<Event> events, DrainContext context, DrainOptions options)
    {
        long reachUs = context.ReceiptTimeUs - (long)options.RecoverySlack.TotalMicroseconds;
        foreach (var e in events)
        {
            if (e.TimeUs >= reachUs)
            {
                return;
            }
        }

        var fields = new List<KeyValuePair<string, FieldValue>>(context.Tags.Count + 3)
        {
            KeyValuePair.Create(FieldNames.SourceCategory, FieldValue.From(context.SourceCategory)),
            KeyValuePair.Create(FieldNames.SourceName, FieldValue.From(context.SourceName)),
        };
        fields.AddRange(context.Tags);
        fields.Add(KeyValuePair.Create("messages", FieldValue.From((long)events.Count)));
        events.Add(new Event(context.App, EventName, context.ReceiptTimeUs, context.ReceiptTimeUs, fields));
    }
}
