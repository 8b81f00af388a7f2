using Metronome.Ingest.Logfmt;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Heroku;

/// <summary>
/// Metric sample lines: dyno runtime metrics (<c>source=web.1 dyno=heroku.… sample#memory_total=180.43MB</c>)
/// and the Heroku Postgres and Redis add-on lines (<c>source=DATABASE addon=… sample#db_size=…bytes</c>).
/// Samples become <c>double</c> fields named without <c>sample#</c> and with <c>-</c> as <c>_</c>
/// (<c>memory_total</c>, <c>active_connections</c>); units are dropped because each key always uses the
/// same one (MB, pages, bytes, kB: see README.md).
/// </summary>
internal static class MetricsLineParser
{
    /// <summary>Whether the line starts like a metrics line and carries at least one sample.</summary>
    public static bool IsSampleLine(ReadOnlySpan<byte> msg) =>
        msg.StartsWith("source="u8) && msg.IndexOf("sample#"u8) >= 0;

    public static void Parse(ReadOnlySpan<byte> msg, FieldListBuilder fields) => LogfmtFields.AddAll(msg, fields);
}
