using Metronome.Core.Events;
using Metronome.Core.Events.Batches;

namespace Metronome.Ingest.Decoding;

/// <summary>Envelope fields that many events have alike (a drain's source fields, a priority's facility and
/// severity): as pairs for the field list, and encoded once for an event written straight into its batch.</summary>
internal sealed class ReservedFieldRun(KeyValuePair<string, FieldValue>[] fields)
{
    private BatchFieldRun? _encoded;

    public KeyValuePair<string, FieldValue>[] Fields { get; } = fields;

    /// <summary>Made when first asked for: the object path never needs it.</summary>
    public BatchFieldRun Encoded => _encoded ??= new BatchFieldRun(Fields);
}
