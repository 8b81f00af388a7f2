using System.Globalization;
using Metronome.Core.Events;
using Metronome.Core.Time;
using Metronome.Ingest.Web;
using Metronome.Storage;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;

namespace Metronome.Server.Tock;

/// <summary>
/// Item statistics, the answer of <c>GET /tock/:id.json</c>: views per day (every day of the range,
/// zeros included), downloads by format and views/downloads by referer key, through the store's
/// aggregate interface.
/// </summary>
public sealed class TockService(IEventStore store)
{
    public const string ViewName = "view";
    public const string DownloadName = "download";

    public TockResult Get(string app, string id, DateOnly from, DateOnly to, TimeZoneInfo zone)
    {
        long fromUs = StartOfDayUs(from, zone);
        long toUs = StartOfDayUs(to.AddDays(1), zone);
        var scan = new ScanQuery
        {
            App = app,
            FromUs = fromUs,
            ToUs = toUs,
            Filters = [FieldFilter.Equal(FieldNames.Id, id)],
        };

        var views = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var day = to; day >= from; day = day.AddDays(-1))
        {
            views[day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)] = 0;
        }

        var perDay = store.Aggregate(new AggregateQuery(
            scan with { Filters = [.. scan.Filters, FieldFilter.Equal(FieldNames.Name, ViewName)] },
            [new TimeBucketKey(UnixTime.MicrosecondsPerDay, zone)],
            [AggregateSpec.Count()]));
        foreach (var row in perDay.Rows)
        {
            var start = UnixTime.FromMicroseconds(row.Keys[0].AsLong * UnixTime.MicrosecondsPerMillisecond);
            string day = TimeZoneInfo.ConvertTime(start, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (views.ContainsKey(day))
            {
                views[day] += row.Values[0].AsLong;
            }
        }

        var byFormat = store.Aggregate(new AggregateQuery(
            scan with { Filters = [.. scan.Filters, FieldFilter.Equal(FieldNames.Name, DownloadName)] },
            [new FieldGroupKey(FieldNames.Format)],
            [AggregateSpec.Count()]));
        var downloads = byFormat.Rows
            .Select(r => (Format: r.Keys[0].IsNull ? "unknown" : r.Keys[0].ToString(), Count: r.Values[0].AsLong))
            .GroupBy(r => r.Format, StringComparer.Ordinal)
            .Select(g => (g.Key, Count: g.Sum(r => r.Count)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToDictionary(r => r.Key, r => r.Count, StringComparer.Ordinal);

        var byReferrer = store.Aggregate(new AggregateQuery(
            scan with { Filters = [.. scan.Filters, FieldFilter.OneOf(FieldNames.Name, ViewName, DownloadName), FieldFilter.Present(FieldNames.Referrer)] },
            [new FieldGroupKey(FieldNames.Referrer)],
            [AggregateSpec.Count()]));
        var referers = byReferrer.Rows
            .Select(r => (Key: r.Keys[0].IsNull ? null : ReferrerKey.From(r.Keys[0].ToString()), Count: r.Values[0].AsLong))
            .Where(r => r.Key is not null)
            .GroupBy(r => r.Key!, StringComparer.Ordinal)
            .Select(g => (g.Key, Count: g.Sum(r => r.Count)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToDictionary(r => r.Key, r => r.Count, StringComparer.Ordinal);

        return new TockResult(views, downloads, referers);
    }

    private static long StartOfDayUs(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var offset = zone.GetUtcOffset(local);
        return UnixTime.ToMicroseconds(new DateTimeOffset(local, offset));
    }
}

public sealed record TockResult(Dictionary<string, long> Views, Dictionary<string, long> Downloads, Dictionary<string, long> Referers);
