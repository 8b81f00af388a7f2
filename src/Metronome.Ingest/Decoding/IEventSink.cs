using Metronome.Core.Events.Batches;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Decoding;

/// <summary>Where the decoders put each finished event: a batch being written (the server's path) or a list
/// of objects (imports, listeners, tests). Implemented by structs, so the generic decoders are specialised
/// per sink and call it without a virtual call.</summary>
internal interface IEventSink
{
    /// <summary>The batch being written, for an event written straight into it; null when events are objects.</summary>
    EventBatchWriter? Batch { get; }

    void Add(FieldListBuilder fields, string app, string name, long timeUs, long receiptUs);
}
