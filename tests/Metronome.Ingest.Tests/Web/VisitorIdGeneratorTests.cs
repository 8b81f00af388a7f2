using Metronome.Core.Time;
using System.Net;
using Metronome.Ingest.Web;

namespace Metronome.Ingest.Tests.Web;

public sealed class VisitorIdGeneratorTests
{
    private const string Chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    private static readonly IPAddress Ip = IPAddress.Parse("203.0.113.7");

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemorySaltStore _salts = new();

    [Fact]
    public void The_same_visitor_gets_the_same_id_all_day()
    {
        var ids = new VisitorIdGenerator(_salts, _clock);
        var morning = ids.Compute("shop", Ip, Chrome);

        _clock.Advance(TimeSpan.FromHours(13.9));

        Assert.Equal(morning, ids.Compute("shop", Ip, Chrome));
    }

    [Fact]
    public void The_same_visitor_gets_a_new_id_after_midnight_utc()
    {
        var ids = new VisitorIdGenerator(_salts, _clock);
        var today = ids.Compute("shop", Ip, Chrome);

        _clock.Advance(TimeSpan.FromHours(14));

        Assert.NotEqual(today, ids.Compute("shop", Ip, Chrome));
    }

    [Fact]
    public void App_ip_and_user_agent_each_change_the_id()
    {
        var ids = new VisitorIdGenerator(_salts, _clock);
        var id = ids.Compute("shop", Ip, Chrome);

        Assert.NotEqual(id, ids.Compute("blog", Ip, Chrome));
        Assert.NotEqual(id, ids.Compute("shop", IPAddress.Parse("203.0.113.8"), Chrome));
        Assert.NotEqual(id, ids.Compute("shop", Ip, Chrome + " Edg/120.0"));
        Assert.NotEqual(ids.Compute("ab", null, "c"), ids.Compute("a", null, "bc"));
    }

    [Fact]
    public void An_ipv4_mapped_ipv6_address_is_the_same_visitor_as_its_ipv4_address()
    {
        var ids = new VisitorIdGenerator(_salts, _clock);

        Assert.Equal(ids.Compute("shop", Ip, Chrome), ids.Compute("shop", Ip.MapToIPv6(), Chrome));
    }

    [Fact]
    public void Two_generators_over_one_salt_store_agree()
    {
        Assert.Equal(
            new VisitorIdGenerator(_salts, _clock).Compute("shop", Ip, Chrome),
            new VisitorIdGenerator(_salts, _clock).Compute("shop", Ip, Chrome));
    }

    [Fact]
    public void A_very_long_user_agent_is_hashed_without_trouble()
    {
        var ids = new VisitorIdGenerator(_salts, _clock);
        var long1 = new string('a', 50_000);

        Assert.Equal(ids.Compute("shop", Ip, long1), ids.Compute("shop", Ip, long1));
        Assert.NotEqual(ids.Compute("shop", Ip, long1), ids.Compute("shop", Ip, long1 + "b"));
    }

    [Fact]
    public void Salts_older_than_two_days_are_deleted_and_yesterdays_is_kept()
    {
        var ids = new VisitorIdGenerator(_salts, _clock);
        for (var day = 0; day < 5; day++)
        {
            ids.Compute("shop", Ip, Chrome);
            _clock.Advance(TimeSpan.FromDays(1));
        }

        ids.Rotate();

        Assert.Equal([new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25)], _salts.Days);
    }

    [Fact]
    public void Rotate_expires_salts_even_on_a_day_without_hits()
    {
        var ids = new VisitorIdGenerator(_salts, _clock);
        ids.Compute("shop", Ip, Chrome);

        _clock.Advance(TimeSpan.FromDays(3));
        ids.Rotate();

        Assert.Equal([new DateOnly(2026, 11, 23)], _salts.Days);
    }
}
