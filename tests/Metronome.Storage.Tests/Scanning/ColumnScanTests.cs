using Metronome.Core.Events;
using Metronome.Storage.Io;
using Metronome.Storage.Scanning;
using Metronome.Storage.Tests.Aggregation;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Scanning;

/// <summary>Property test: a projected scan returns exactly the rows and values of the plain scan, from
/// segments (dictionary, plain, numeric and mixed-kind columns) and from the tail alike.</summary>
public class ColumnScanTests
{
    private static readonly string[] Fields = ["name", "country", "Country", "path", "status", "ms", "bytes", "ok", "qty", "code", "message", "nosuch", "_app"];

    [Fact]
    public async Task Random_projected_scans_equal_the_events_of_the_plain_scan()
    {
        var random = new Random(20_261_121);
        var events = RandomEvents.Generate(random, 4_000);
        await using var store = TestStores.Open(new MemoryFileSystem());
        for (int i = 0; i < events.Count; i += 100)
        {
            await store.AppendAsync(events.GetRange(i, 100));
            if (i % 1_000 == 900 && i < events.Count - 1_000)
            {
                store.RunMaintenance(force: true);
            }
        }

        Assert.True(store.GetStatistics().Partitions.Count > 0 && store.GetStatistics().TailEvents > 0);
        int nonEmpty = 0;
        for (int q = 0; q < 300; q++)
        {
            var scan = RandomQueries.Generate(random).Scan;
            var fields = Fields.OrderBy(_ => random.Next()).Take(random.Next(0, 5)).ToList();
            var expected = store.Scan(scan).Select(e => Row(e.TimeUs, e.ReceiptTimeUs, fields.Select(f => EventMatcher.Resolve(e, f)))).Order(StringComparer.Ordinal).ToList();
            var actual = new List<string>();
            foreach (var part in store.ScanColumns(scan, fields).Reverse())
            {
                foreach (var block in part)
                {
                    for (int i = 0; i < block.Count; i++)
                    {
                        int row = block.Selection[i];
                        actual.Add(Row(block.TimeUs[row], block.ReceiptUs[row], block.Fields.Select(c => Checked(c, row))));
                    }
                }
            }

            actual.Sort(StringComparer.Ordinal);
            Assert.True(expected.SequenceEqual(actual), $"scan {q} of [{string.Join(", ", fields)}]: {actual.Count} rows, expected {expected.Count}");
            nonEmpty += expected.Count > 0 ? 1 : 0;
        }

        Assert.True(nonEmpty > 100, $"only {nonEmpty} scans matched anything");
    }

    /// <summary>The value, after checking that the column's identity of it is the value's hash.</summary>
    private static FieldValue Checked(FieldColumn column, int row)
    {
        var value = column.Value(row);
        Assert.Equal(!value.IsNull, column.IsPresent(row));
        if (!value.IsNull)
        {
            Assert.Equal(FieldValueHash.Of(value), column.HashAt(row));
        }

        return value;
    }

    private static string Row(long timeUs, long receiptUs, IEnumerable<FieldValue> values) =>
        $"{timeUs} {receiptUs} " + string.Join(" | ", values.Select(v => $"{v.Kind}:{v}"));
}
