using System.Text.Json;

namespace Metronome.Workload.SelfCheck;

/// <summary>Counts read back from a generated file by parsing every line as JSON.</summary>
public sealed class SampleCounts
{
    public long Lines;
    public long Malformed;
    public long OutOfOrder;
    public long OutOfRange;
    public long FirstTs = long.MaxValue, LastTs = long.MinValue;
    public readonly Dictionary<string, long> Apps = new(StringComparer.Ordinal);
    public readonly Dictionary<string, long> Names = new(StringComparer.Ordinal);
    public long Web, Router, WebWithReferrer, ViewsWithItem, DownloadsWithItem, DownloadsWithFormat, PaysWithRevenue;
    public long RouterErrors, RouterErrorsWith503, Status200, Status5xx;
    public readonly HashSet<string> Paths = new(StringComparer.Ordinal);
    public readonly HashSet<string> ReferrerHosts = new(StringComparer.Ordinal);
    public readonly HashSet<string> Items = new(StringComparer.Ordinal);
    public readonly HashSet<string> Dynos = new(StringComparer.Ordinal);
    public readonly HashSet<string> Visitors = new(StringComparer.Ordinal);

    private long _previousTs = long.MinValue;

    public void Add(ReadOnlySpan<byte> line, long startMs, long endMs)
    {
        Lines++;
        try
        {
            AddParsed(line, startMs, endMs);
        }
        catch (JsonException)
        {
            Malformed++;
        }
    }

    private void AddParsed(ReadOnlySpan<byte> line, long startMs, long endMs)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            Malformed++;
            return;
        }
        string? app = null, name = null, category = null, referrer = null, id = null, format = null, at = null, code = null;
        long ts = -1;
        int status = 0;
        bool revenue = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            switch (key)
            {
                case "_app": app = reader.GetString(); break;
                case "_sourcecategory": category = reader.GetString(); break;
                case "name": name = reader.GetString(); break;
                case "ts": ts = reader.GetInt64(); break;
                case "path": Paths.Add(reader.GetString()!); break;
                case "referrer": referrer = reader.GetString(); break;
                case "visitor": Visitors.Add(reader.GetString()!); break;
                case "id": id = reader.GetString(); break;
                case "format": format = reader.GetString(); break;
                case "revenue": revenue = reader.GetDouble() > 0; break;
                case "dyno": Dynos.Add(reader.GetString()!); break;
                case "status": status = reader.GetInt32(); break;
                case "at": at = reader.GetString(); break;
                case "code": code = reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }
        if (app is null || name is null || category is null || ts < 0)
        {
            Malformed++;
            return;
        }

        if (ts < _previousTs)
            OutOfOrder++;
        _previousTs = ts;
        if (ts < startMs || ts >= endMs)
            OutOfRange++;
        FirstTs = Math.Min(FirstTs, ts);
        LastTs = Math.Max(LastTs, ts);
        Apps[app] = Apps.GetValueOrDefault(app) + 1;
        Names[name] = Names.GetValueOrDefault(name) + 1;

        if (category == "web")
        {
            Web++;
            if (referrer is not null)
            {
                WebWithReferrer++;
                ReferrerHosts.Add(new Uri(referrer).Host);
            }
            if (id is not null)
                Items.Add(id);
            if (name == "view" && id is not null)
                ViewsWithItem++;
            if (name == "download" && id is not null)
                DownloadsWithItem++;
            if (name == "download" && format is not null)
                DownloadsWithFormat++;
            if (name == "pay" && revenue)
                PaysWithRevenue++;
        }
        else if (category == "heroku")
        {
            Router++;
            if (status == 200)
                Status200++;
            if (status >= 500)
                Status5xx++;
            if (at == "error" && code is not null)
            {
                RouterErrors++;
                if (status == 503)
                    RouterErrorsWith503++;
            }
        }
    }
}
