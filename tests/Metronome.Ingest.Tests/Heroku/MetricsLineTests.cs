using Metronome.Ingest.Tests.Decoding;

namespace Metronome.Ingest.Tests.Heroku;

public class MetricsLineTests
{
    [Fact]
    public void Runtime_memory_samples_become_numbers_without_their_units()
    {
        var (events, errors) = Drain.Logplex(Drain.Frame("<134>1 2023-08-24T10:28:47.153192+00:00 host heroku web.1 - source=web.1 dyno=heroku.322071457.63c5abfd-838b-4e2d-bce1-ce46de280675 sample#memory_total=180.43MB sample#memory_rss=180.05MB sample#memory_cache=0.38MB sample#memory_swap=0.00MB sample#memory_pgpgin=84329pages sample#memory_pgpgout=38140pages sample#memory_quota=512.00MB\n"));

        Assert.Empty(errors);
        var e = Assert.Single(events);
        Assert.Equal(EventNames.Metrics, e.Name);
        Assert.Equal("web.1", e.Text("source"));
        Assert.Equal("heroku.322071457.63c5abfd-838b-4e2d-bce1-ce46de280675", e.Text("dyno"));
        Assert.Equal(180.43, e.Double("memory_total"));
        Assert.Equal(180.05, e.Double("memory_rss"));
        Assert.Equal(0.38, e.Double("memory_cache"));
        Assert.Equal(0, e.Double("memory_swap"));
        Assert.Equal(84329, e.Double("memory_pgpgin"));
        Assert.Equal(38140, e.Double("memory_pgpgout"));
        Assert.Equal(512, e.Double("memory_quota"));
        Assert.Equal("web.1", e.Text("proc"));
    }

    [Fact]
    public void Runtime_load_samples_with_a_three_digit_fraction_timestamp_are_read()
    {
        var (events, errors) = Drain.Logplex(Drain.Frame("<134>1 2023-08-24T12:31:50.112+00:00 host heroku web.1 - source=web.1 dyno=heroku.319324155.67cc34d0-0440-4106-97b6-d9486f7d9009 sample#load_avg_1m=0.00 sample#load_avg_5m=0.00 sample#load_avg_15m=0.01\n"));

        Assert.Empty(errors);
        var e = Assert.Single(events);
        Assert.Equal(Drain.Micros("2023-08-24T12:31:50.112Z"), e.TimeUs);
        Assert.Equal(0.01, e.Double("load_avg_15m"));
        Assert.Equal(0, e.Double("load_avg_1m"));
    }

    [Fact]
    public void The_sumo_logic_sample_frames_as_published_have_wrong_counts_and_are_kept_raw()
    {
        // Published as "335 <134>1 ..." for a 334-byte line (the LF was lost) and "205 ..." for 201 bytes.
        var body = "335 <134>1 2023-08-24T10:28:47.153192+00:00 host heroku web.1 - source=web.1 dyno=heroku.322071457.63c5abfd-838b-4e2d-bce1-ce46de280675 sample#memory_total=180.43MB sample#memory_rss=180.05MB sample#memory_cache=0.38MB sample#memory_swap=0.00MB sample#memory_pgpgin=84329pages sample#memory_pgpgout=38140pages sample#memory_quota=512.00MB";

        var (events, errors) = Drain.Logplex(body);

        var e = Assert.Single(events);
        Assert.Equal(EventNames.Unparsed, e.Name);
        Assert.Equal(body, e.Text("_raw"));
        Assert.Equal(Metronome.Ingest.Framing.FramingErrors.CountPastEnd, e.Text("_parseerror"));
        Assert.Equal(DecodeErrorKind.Unframeable, Assert.Single(errors).Kind);
    }

    [Fact]
    public void Postgres_samples_get_underscored_names_and_lose_bytes_and_kilobyte_units()
    {
        var e = Drain.One(Drain.Heroku("heroku-postgres", "source=DATABASE addon=postgresql-curved-12345 sample#current_transaction=4171563.0 sample#db_size=8945836.0bytes sample#tables=30 sample#active-connections=7 sample#waiting-connections=0 sample#index-cache-hit-rate=0.99961 sample#table-cache-hit-rate=0.99893 sample#load-avg-1m=0.005 sample#read-iops=0 sample#write-iops=0.11 sample#tmp-disk-used=543600640 sample#memory-total=15405636.0kB sample#memory-free=10394672kB sample#wal-percentage-used=0.0736", app: "app", pri: 134, time: "2016-02-13T21:20:25+00:00"));

        Assert.Equal(EventNames.Postgres, e.Name);
        Assert.Equal("DATABASE", e.Text("source"));
        Assert.Equal("postgresql-curved-12345", e.Text("addon"));
        Assert.Equal(4171563, e.Double("current_transaction"));
        Assert.Equal(8945836, e.Double("db_size"));
        Assert.Equal(7, e.Double("active_connections"));
        Assert.Equal(0.99961, e.Double("index_cache_hit_rate"));
        Assert.Equal(0.005, e.Double("load_avg_1m"));
        Assert.Equal(15405636, e.Double("memory_total"));
        Assert.Equal(0.0736, e.Double("wal_percentage_used"));
    }

    [Fact]
    public void Redis_samples_are_their_own_family()
    {
        var e = Drain.One(Drain.Heroku("heroku-redis", "source=REDIS addon=redis-fluffy-1 sample#active-connections=3 sample#load-avg-1m=0.1 sample#memory-redis=2134720bytes sample#hit-rate=0.5 sample#evicted-keys=0", app: "app", pri: 134));

        Assert.Equal(EventNames.Redis, e.Name);
        Assert.Equal(2134720, e.Double("memory_redis"));
        Assert.Equal(0.5, e.Double("hit_rate"));
    }

    [Fact]
    public void An_app_line_with_l2met_measurements_gets_numbers_too()
    {
        var e = Drain.One(Drain.Heroku("web.1", "source=web measure#web.latency=4ms count#db.queries=2 sample#tables=30", app: "app", pri: 190));

        Assert.Equal(EventNames.Log, e.Name);
        Assert.Equal(4, e.Double("web.latency"));
        Assert.Equal(2, e.Double("db.queries"));
    }
}
