using Metronome.Core.Events;
using Metronome.Core.Events.Batches;

namespace Metronome.Ingest.Decoding;

/// <summary>The syslog envelope's keys that <see cref="ReservedFieldRun"/>s do not hold, encoded for the batch once
/// (every event has most of them).</summary>
internal static class EnvelopeKeys
{
    public static readonly BatchKey SourceHost = new(FieldNames.SourceHost);
    public static readonly BatchKey SyslogApp = new(IngestFieldNames.SyslogApp);
    public static readonly BatchKey Proc = new(IngestFieldNames.Proc);
    public static readonly BatchKey MsgId = new(IngestFieldNames.MsgId);
    public static readonly BatchKey StructuredData = new(IngestFieldNames.StructuredData);
    public static readonly BatchKey Raw = new(FieldNames.Raw);
    public static readonly BatchKey Message = new(FieldNames.Message);
}
