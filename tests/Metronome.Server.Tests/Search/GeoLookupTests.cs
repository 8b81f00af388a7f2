using Metronome.Ingest.Tests.Web;

namespace Metronome.Server.Tests.Search;

public sealed class GeoLookupTests
{
    [Fact]
    public async Task Geo_lookup_reads_the_configured_mmdb_database()
    {
        string path = Path.Combine(Path.GetTempPath(), "metronome-geo-" + Guid.NewGuid().ToString("N") + ".mmdb");
        var record = new Dictionary<string, object>
        {
            ["country"] = new Dictionary<string, object> { ["iso_code"] = "GB", ["names"] = new Dictionary<string, object> { ["en"] = "United Kingdom" } },
            ["city"] = new Dictionary<string, object> { ["names"] = new Dictionary<string, object> { ["en"] = "London" } },
            ["location"] = new Dictionary<string, object> { ["latitude"] = 51.5, ["longitude"] = -0.125 },
        };
        await File.WriteAllBytesAsync(path, new MmdbWriter().Add("81.2.69.0/24", record).Build());
        try
        {
            await using var server = await ServerFixture.StartAsync(o => o with { Web = o.Web with { MmdbPath = path } });
            await SearchClient.PostTicksAsync(server, [
                new { id = "a", clientip = "81.2.69.160", ts = "2026-11-21T10:00:00Z" },
                new { id = "b", clientip = "81.2.69.7", ts = "2026-11-21T10:01:00Z" },
                new { id = "c", clientip = "10.0.0.1", ts = "2026-11-21T10:02:00Z" },
            ]);
            var result = await SearchClient.SearchJsonAsync(server,
                "_sourcecategory=tick | lookup country_code, city, latitude from geo://location on ip=clientip | count by country_code, city, latitude | sort by _count");
            var rows = SearchClient.Rows(result);
            var columns = SearchClient.Columns(result);
            var gb = rows.Single(r => r[columns.IndexOf("country_code")] == "GB");
            Assert.Equal("London", gb[columns.IndexOf("city")]);
            Assert.Equal("51.5", gb[columns.IndexOf("latitude")]);
            Assert.Equal("2", gb[columns.IndexOf("_count")]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
