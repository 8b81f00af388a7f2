using Metronome.Core.Events;
using Metronome.Ingest.Syslog;

namespace Metronome.Ingest.Decoding;

/// <summary>The <c>_facility</c> and <c>_severity</c> fields of each PRI value, made once.</summary>
internal static class PriorityFields
{
    private static readonly ReservedFieldRun[] ByPriority =
    [
        .. Enumerable.Range(0, SyslogPriority.Max + 1).Select(priority => new ReservedFieldRun(
        [
            KeyValuePair.Create(IngestFieldNames.Facility, FieldValue.From(SyslogPriority.FacilityName(priority))),
            KeyValuePair.Create(IngestFieldNames.Severity, FieldValue.From(SyslogPriority.SeverityName(priority))),
        ])),
    ];

    public static ReservedFieldRun Of(int priority) => ByPriority[priority];
}
