using Metronome.Ingest;
using Metronome.Server.Observability;

namespace Metronome.Server.Drains;

/// <summary>Counts decoding problems in <c>/metrics</c> as <c>metronome_events_rejected_total{reason="SOURCE_KIND"}</c>
/// (<c>logplex_unframeable</c>, <c>syslog_tcp_malformed_syslog</c>, ...). The bytes themselves are not lost:
/// each problem's bytes are stored in an event (<c>unparsed</c>, or with <c>_parseerror</c>).</summary>
public static class DecodeErrorMetrics
{
    public static void Count(ServerMetrics metrics, string source, IReadOnlyList<DecodeError> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }

        Span<int> perKind = stackalloc int[4];
        foreach (var error in errors)
        {
            if ((uint)error.Kind < (uint)perKind.Length)
            {
                perKind[(int)error.Kind]++;
            }
        }

        for (int kind = 0; kind < perKind.Length; kind++)
        {
            if (perKind[kind] > 0)
            {
                metrics.Rejected(source + "_" + KindName((DecodeErrorKind)kind), perKind[kind]);
            }
        }
    }

    public static string KindName(DecodeErrorKind kind) => kind switch
    {
        DecodeErrorKind.Unframeable => "unframeable",
        DecodeErrorKind.MalformedSyslog => "malformed_syslog",
        DecodeErrorKind.MalformedTimestamp => "malformed_timestamp",
        DecodeErrorKind.MalformedPayload => "malformed_payload",
        _ => "other",
    };
}
