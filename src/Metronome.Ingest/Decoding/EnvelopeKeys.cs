using Metronome.Core.Events;
using Metronome.Core.Events.Batches;

namespace Metronome.Ingest.Decoding;

/// <summary>The keys of the syslog envelope after the source fields, encoded for the batch once (every event has
/// most of them).</summary>
internal static class EnvelopeKeys
{
    public static readonly BatchKey SourceHost = new(FieldNames.SourceHost);
    public static readonly BatchKey SyslogApp = new(IngestFieldNames.SyslogApp);
    public static readonly BatchKey Proc = new(IngestFieldNames.Proc);
    public static readonly BatchKey Facility = new(IngestFieldNames.Facility);
    public static readonly BatchKey Severity = new(IngestFieldNames.Severity);
    public static readonly BatchKey MsgId = new(IngestFieldNames.MsgId);
    public static readonly BatchKey StructuredData = new(IngestFieldNames.StructuredData);
    public static readonly BatchKey Raw = new(FieldNames.Raw);
    public static readonly BatchKey Message = new(FieldNames.Message);
}
