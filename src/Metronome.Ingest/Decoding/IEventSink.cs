using Metronome.Ingest.Text;

namespace Metronome.Ingest.Decoding;

/// <summary>Where the decoders put each finished event: a batch being written (the server's path) or a list
/// of objects (imports, listeners, tests). Implemented by structs, so the generic decoders are specialised
/// per sink and call it without a virtual call.</summary>
internal interface IEventSink
{
    void Add(FieldListBuilder fields, string app, string name, long timeUs, long receiptUs);
}
