using System.Globalization;
using Metronome.Core.Events;
using Metronome.Storage.Scanning;

namespace Metronome.Storage.Tests.Support;

/// <summary>Events for storage tests: each carries a unique <c>seq</c>, so "exactly once" is countable.</summary>
internal static class TestEvents
{
    /// <summary>2026-01-01T00:00:00Z in µs.</summary>
    public const long Day0Us = 1_767_225_600_000_000;

    public const long DayUs = 86_400_000_000;

    public const string SeqField = "seq";

    public static Event Numbered(long seq, string app = "shop", long? timeUs = null, string name = "view") =>
        new(app, name, timeUs ?? (Day0Us + (seq * 1_000_000)), Day0Us + (seq * 1_000_000) + 5,
        [
            new(SeqField, seq),
            new("path", "/items/" + (seq % 7).ToString(CultureInfo.InvariantCulture)),
        ]);

    public static Event[] Range(long first, int count, string app = "shop") =>
        Enumerable.Range(0, count).Select(i => Numbered(first + i, app)).ToArray();

    /// <summary>Every event of the apps, read through <see cref="IEventStore.Scan"/>.</summary>
    public static List<Event> ReadAll(IEventStore store, params string[] apps) =>
        apps.SelectMany(app => store.Scan(new ScanQuery { App = app })).ToList();

    public static List<long> Seqs(IEnumerable<Event> events) =>
        events.Select(e => e.Get(SeqField).AsLong).Order().ToList();

    /// <summary>A comparable text form of an event: fixed members, then its non-null fields sorted by key
    /// (segments do not keep arrival order or explicit nulls).</summary>
    public static string Signature(Event e)
    {
        var fields = e.Fields.Where(f => !f.Value.IsNull)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => $"{f.Key}={f.Value.Kind}:{Describe(f.Value)}");
        return $"{e.App}|{e.Name}|{e.TimeUs}|{e.ReceiptTimeUs}|{string.Join("|", fields)}";
    }

    private static string Describe(FieldValue value) =>
        value.Kind == FieldKind.Double ? BitConverter.DoubleToInt64Bits(value.AsDouble).ToString("X16", CultureInfo.InvariantCulture) : value.ToString();
}
