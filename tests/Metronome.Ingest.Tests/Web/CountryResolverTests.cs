using System.Net;
using Metronome.Ingest.Web;
using Metronome.Ingest.Web.Mmdb;

namespace Metronome.Ingest.Tests.Web;

public sealed class CountryResolverTests
{
    private static readonly MmdbReader Database = new(MmdbTestDatabases.Countries());
    private static readonly IPAddress German = IPAddress.Parse("81.2.69.160");
    private static readonly IPAddress Unknown = IPAddress.Parse("8.8.8.8");

    [Fact]
    public void The_database_answers_when_configured()
    {
        Assert.Equal("DE", new CountryResolver(Database, trustProxyHeader: true).Resolve(German, "FR"));
    }

    [Fact]
    public void The_trusted_header_answers_when_the_database_does_not_know_the_address()
    {
        Assert.Equal("FR", new CountryResolver(Database, trustProxyHeader: true).Resolve(Unknown, "FR"));
    }

    [Fact]
    public void The_header_is_ignored_unless_trusted()
    {
        Assert.Null(new CountryResolver(Database, trustProxyHeader: false).Resolve(Unknown, "FR"));
        Assert.Null(CountryResolver.None.Resolve(German, "FR"));
    }

    [Theory]
    [InlineData("fr", "FR")]
    [InlineData(" DE ", "DE")]
    [InlineData("T1", null)]
    [InlineData("XX", null)]
    [InlineData("xx", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("FRA", null)]
    [InlineData("1A", null)]
    public void A_header_value_counts_only_when_it_is_a_two_letter_code(string? header, string? expected)
    {
        Assert.Equal(expected, new CountryResolver(null, trustProxyHeader: true).Resolve(null, header));
    }
}
