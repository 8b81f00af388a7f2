using Metronome.Storage.Segments;

namespace Metronome.Storage.Tests.Segments;

public class Utf8CodeTableTests
{
    [Fact]
    public void Distinct_values_get_codes_in_order_of_first_sight_and_keep_their_bytes()
    {
        using var table = new Utf8CodeTable();
        var values = Enumerable.Range(0, 5000).Select(i => $"value-{i % 1500}-ü").ToList();

        var codes = values.Select(v => table.GetOrAdd(System.Text.Encoding.UTF8.GetBytes(v), out _)).ToList();

        Assert.Equal(1500, table.Count);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => i % 1500), codes);
        Assert.All(Enumerable.Range(0, 1500), code => Assert.Equal($"value-{code}-ü", table.StringOf(code)));
    }

    [Fact]
    public void Reserving_room_then_appending_unlooked_values_keeps_every_value()
    {
        using var table = new Utf8CodeTable();
        for (int i = 0; i < 100; i++)
        {
            table.GetOrAdd(System.Text.Encoding.UTF8.GetBytes($"first-{i}"), out _);
        }

        table.Reserve(50_000);
        var appended = Enumerable.Range(0, 20_000).Select(i => table.Append(System.Text.Encoding.UTF8.GetBytes($"row {i} {new string('x', i % 40)}"))).ToList();

        Assert.Equal(Enumerable.Range(100, 20_000), appended);
        Assert.Equal("first-7", table.StringOf(7));
        Assert.All(Enumerable.Range(0, 20_000).Where(i => i % 997 == 0), i =>
            Assert.Equal($"row {i} {new string('x', i % 40)}", System.Text.Encoding.UTF8.GetString(table.Utf8Of(100 + i))));
        Assert.True(table.ByteCount > 50_000);
    }

    [Fact]
    public void Reserving_a_known_size_up_front_keeps_lookups_working()
    {
        using var table = new Utf8CodeTable();
        table.Reserve(1_000_000, 30_000);
        var codes = Enumerable.Range(0, 30_000).Select(i => table.GetOrAdd(System.Text.Encoding.UTF8.GetBytes($"id-{i % 10_000}"), out _)).ToList();

        Assert.Equal(10_000, table.Count);
        Assert.Equal(Enumerable.Range(0, 30_000).Select(i => i % 10_000), codes);
        Assert.Equal("id-9999", table.StringOf(9999));
    }
}
