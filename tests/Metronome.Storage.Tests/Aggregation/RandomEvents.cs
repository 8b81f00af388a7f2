using Metronome.Core.Events;
using Metronome.Core.Time;

namespace Metronome.Storage.Tests.Aggregation;

/// <summary>Seeded random events over five days around the end of daylight saving time in New York
/// (2025-11-02): several apps and names (differing in case), strings with few and many distinct values,
/// longs, doubles, bools, numeric strings, a key with two kinds, free text, and missing values.</summary>
internal static class RandomEvents
{
    public static readonly string[] Apps = ["shop", "blog", "api"];
    public static readonly string[] Names = ["view", "View", "pay", "login"];
    public static readonly string[] Countries = ["DE", "de", "FR", "US", "BR"];
    public static readonly string[] Words = ["get", "post", "error", "timeout", "Zürich", "cache", "hit", "miss", "user_42", "ÜBER"];
    public static readonly long StartUs = UnixTime.ToMicroseconds(new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero));
    public static readonly long EndUs = StartUs + (5 * UnixTime.MicrosecondsPerDay);

    public static List<Event> Generate(Random random, int count)
    {
        var events = new List<Event>(count);
        for (int i = 0; i < count; i++)
        {
            var fields = new List<KeyValuePair<string, FieldValue>>();
            void Maybe(double p, string key, FieldValue value)
            {
                if (random.NextDouble() < p)
                {
                    fields.Add(new(key, value));
                }
            }

            Maybe(0.85, "country", Pick(random, Countries));
            Maybe(0.9, "path", $"/items/{random.Next(5_000)}/view");
            Maybe(0.9, "status", (long)new[] { 200, 200, 200, 201, 301, 404, 500, 503 }[random.Next(8)]);
            Maybe(0.8, "ms", Math.Round(Math.Exp(random.NextDouble() * 8), 3));
            Maybe(0.7, "bytes", random.NextInt64(-1_000, 10_000_000));
            Maybe(0.6, "ok", random.Next(2) == 0);
            Maybe(0.3, "qty", random.Next(0, 50).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Maybe(0.5, "code", random.Next(3) == 0 ? FieldValue.From("E" + random.Next(5)) : FieldValue.From((long)random.Next(5)));
            Maybe(0.5, random.Next(2) == 0 ? "_raw" : "message", string.Join(' ', Enumerable.Range(0, random.Next(1, 6)).Select(_ => Pick(random, Words))) + " " + random.Next(100));
            Maybe(0.05, "gone", FieldValue.Null);
            long time = random.NextInt64(StartUs, EndUs);
            events.Add(new Event(Pick(random, Apps), Pick(random, Names), time, time + random.Next(1_000_000), [.. fields]));
        }

        return events;
    }

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
