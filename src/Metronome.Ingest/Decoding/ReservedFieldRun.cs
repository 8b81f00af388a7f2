using Metronome.Core.Events;
using Metronome.Core.Events.Batches;

namespace Metronome.Ingest.Decoding;

/// <summary>Envelope fields that many events have alike (a drain's source fields, a priority's facility and
/// severity): as pairs for the field list, and encoded once for an event written straight into its batch.</summary>
internal sealed class ReservedFieldRun
{
    public ReservedFieldRun(KeyValuePair<string, FieldValue>[] fields)
    {
        Fields = fields;
        Encoded = new BatchFieldRun(fields);
    }

    public KeyValuePair<string, FieldValue>[] Fields { get; }

    public BatchFieldRun Encoded { get; }
}
