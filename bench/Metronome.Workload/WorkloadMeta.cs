using System.Text.Json;

namespace Metronome.Workload;

/// <summary>
/// The parameters the benchmark queries need, chosen from what was actually generated, and stored next
/// to the data as FILE.meta.json.
/// </summary>
public sealed record WorkloadMeta(
    long Events,
    ulong Seed,
    DateTimeOffset Start,
    DateTimeOffset End,
    string LargestApp,
    double LargestAppShare,
    string TopItem,
    long TopItemViews,
    DateOnly BusyDay,
    long BusyDayEvents,
    string Word,
    long WordEvents)
{
    public static string PathFor(string dataFile) => dataFile + ".meta.json";

    public static WorkloadMeta From(WorkloadTally tally, WorkloadGenerator generator)
    {
        int app = ArgMax(tally.EventsPerApp.Length, i => tally.EventsPerApp[i]);
        int item = ArgMax(WorkloadSpec.ItemCount, i => tally.ItemViews(app, i));
        int day = ArgMax(WorkloadSpec.Days, d => tally.DayEvents(app, d));
        var (word, wordEvents) = PathWords.ChooseSearchWord(generator.Paths, p => tally.PathHits(app, p), tally.EventsPerApp[app]);
        return new WorkloadMeta(
            tally.Events,
            generator.Seed,
            WorkloadSpec.Start,
            WorkloadSpec.End,
            WorkloadSpec.AppName(app),
            tally.Events == 0 ? 0 : (double)tally.EventsPerApp[app] / tally.Events,
            WorkloadSpec.ItemId(item),
            tally.ItemViews(app, item),
            DateOnly.FromDateTime(WorkloadSpec.Start.AddDays(day).UtcDateTime),
            tally.DayEvents(app, day),
            word,
            wordEvents);
    }

    public void WriteTo(string path)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("events", Events);
        json.WriteNumber("seed", Seed);
        json.WriteString("start", Start.ToString("yyyy-MM-ddTHH:mm:ssZ"));
        json.WriteString("end", End.ToString("yyyy-MM-ddTHH:mm:ssZ"));
        json.WriteString("largestApp", LargestApp);
        json.WriteNumber("largestAppShare", Math.Round(LargestAppShare, 4));
        json.WriteString("topItem", TopItem);
        json.WriteNumber("topItemViews", TopItemViews);
        json.WriteString("busyDay", BusyDay.ToString("yyyy-MM-dd"));
        json.WriteNumber("busyDayEvents", BusyDayEvents);
        json.WriteString("word", Word);
        json.WriteNumber("wordEvents", WordEvents);
        json.WriteEndObject();
        json.Flush();
        stream.Write("\n"u8);
    }

    public static WorkloadMeta ReadFrom(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement r = doc.RootElement;
        return new WorkloadMeta(
            r.GetProperty("events").GetInt64(),
            r.GetProperty("seed").GetUInt64(),
            r.GetProperty("start").GetDateTimeOffset(),
            r.GetProperty("end").GetDateTimeOffset(),
            r.GetProperty("largestApp").GetString()!,
            r.GetProperty("largestAppShare").GetDouble(),
            r.GetProperty("topItem").GetString()!,
            r.GetProperty("topItemViews").GetInt64(),
            DateOnly.ParseExact(r.GetProperty("busyDay").GetString()!, "yyyy-MM-dd"),
            r.GetProperty("busyDayEvents").GetInt64(),
            r.GetProperty("word").GetString()!,
            r.GetProperty("wordEvents").GetInt64());
    }

    private static int ArgMax(int count, Func<int, long> value)
    {
        int best = 0;
        for (int i = 1; i < count; i++)
        {
            if (value(i) > value(best))
                best = i;
        }
        return best;
    }
}
