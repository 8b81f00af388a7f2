using Metronome.Core.Events.Batches;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Decoding;

/// <summary>Writes events straight into their encoded form: no event objects, text values as their bytes.</summary>
internal readonly struct BatchSink(EventBatchWriter writer) : IEventSink
{
    public EventBatchWriter? Batch => writer;

    public void Add(FieldListBuilder fields, string app, string name, long timeUs, long receiptUs) =>
        fields.WriteTo(writer, app, name, timeUs, receiptUs);
}
