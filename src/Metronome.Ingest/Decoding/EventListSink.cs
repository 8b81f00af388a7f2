using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Decoding;

/// <summary>Makes event objects, for callers that want them (imports, syslog listeners, tests).</summary>
internal readonly struct EventListSink(List<Event> events) : IEventSink
{
    public EventBatchWriter? Batch => null;

    public void Add(FieldListBuilder fields, string app, string name, long timeUs, long receiptUs) =>
        events.Add(new Event(app, name, timeUs, receiptUs, fields.ToArray()));
}
