using System.Globalization;
using System.Text;

namespace Metronome.Bench.TickLoad;

/// <summary>
/// The events both engines take: a page view with a handful of properties. Metronome gets them as a JSON
/// hash or NDJSON lines; PostgreSQL gets the same properties as one jsonb value per row. Each event in a
/// batch differs (item, path, visitor), so neither engine sees 1,000 copies of one row.
/// </summary>
public static class TickBodies
{
    public static string Properties(int i) => string.Create(CultureInfo.InvariantCulture,
        $"\"id\":\"item-{i % 20_000:D5}\",\"path\":\"/docs/page-{i % 5_000}\",\"visitor\":\"v{i * 7919 % 200_000:D6}\",\"country\":\"US\",\"browser\":\"Firefox\",\"device\":\"desktop\"");

    /// <summary>`POST /tick` body for one event (the time is the server's receive time, as for a beacon).</summary>
    public static string SingleEvent() => "{\"name\":\"view\"," + Properties(42) + "}";

    /// <summary>`POST /tick` NDJSON body of <paramref name="events"/> events.</summary>
    public static string NdjsonBatch(int events)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < events; i++)
            sb.Append("{\"name\":\"view\",").Append(Properties(i)).Append("}\n");
        return sb.ToString();
    }

    public const string CreateTable = "DROP TABLE IF EXISTS events; CREATE TABLE events(app text, name text, ts timestamptz, props jsonb);";

    /// <summary>pgbench script: one durable single-row INSERT per transaction (autocommit).</summary>
    public static string SingleInsert() => $"INSERT INTO events VALUES ('bench', 'view', now(), '{{{Properties(42)}}}');\n";

    /// <summary>pgbench script: one multi-row INSERT of <paramref name="rows"/> rows per transaction.</summary>
    public static string BatchInsert(int rows)
    {
        var sb = new StringBuilder("INSERT INTO events VALUES ");
        for (int i = 0; i < rows; i++)
        {
            if (i > 0)
                sb.Append(", ");
            sb.Append("('bench', 'view', now(), '{").Append(Properties(i)).Append("}')");
        }
        // pgbench reads a script command up to the ';' ending a line: keep the statement on one line.
        return sb.Append(";\n").ToString();
    }
}
