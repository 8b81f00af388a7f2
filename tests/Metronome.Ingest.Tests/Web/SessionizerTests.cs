using Metronome.Ingest.Web;

namespace Metronome.Ingest.Tests.Web;

public sealed class SessionizerTests
{
    private const long Minute = 60_000_000;
    private const long Alice = 1;
    private const long Bob = 2;

    private static SessionHit View(long visitor, long minute, string page) => new(visitor, minute * Minute, page, IsPageview: true);

    private static SessionHit Custom(long visitor, long minute) => new(visitor, minute * Minute, "/ignored", IsPageview: false);

    [Fact]
    public void Hits_less_than_thirty_minutes_apart_are_one_session_with_entry_and_exit_pages()
    {
        var sessions = Sessionizer.Sessionize([View(Alice, 0, "/"), View(Alice, 10, "/pricing"), View(Alice, 39, "/signup")]).ToList();

        var session = Assert.Single(sessions);
        Assert.Equal("/", session.EntryPage);
        Assert.Equal("/signup", session.ExitPage);
        Assert.Equal(3, session.Pageviews);
        Assert.Equal(39 * Minute, session.DurationUs);
        Assert.False(session.IsBounce);
    }

    [Fact]
    public void A_gap_of_exactly_thirty_minutes_starts_a_new_session()
    {
        var sessions = Sessionizer.Sessionize([View(Alice, 0, "/a"), View(Alice, 30, "/b")]).ToList();

        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, session => Assert.True(session.IsBounce));
    }

    [Fact]
    public void A_gap_just_under_thirty_minutes_continues_the_session()
    {
        var sessions = Sessionizer.Sessionize(
            [View(Alice, 0, "/a"), new SessionHit(Alice, (30 * Minute) - 1, "/b", true)]).ToList();

        Assert.Single(sessions);
    }

    [Fact]
    public void Inactivity_is_measured_from_the_last_hit_not_from_the_session_start()
    {
        var sessions = Sessionizer.Sessionize([View(Alice, 0, "/"), View(Alice, 25, "/"), View(Alice, 50, "/"), View(Alice, 75, "/")]).ToList();

        Assert.Equal(75 * Minute, Assert.Single(sessions).DurationUs);
    }

    [Fact]
    public void A_new_visitor_starts_a_new_session_even_within_thirty_minutes()
    {
        var sessions = Sessionizer.Sessionize([View(Alice, 0, "/a"), View(Bob, 1, "/b")]).ToList();

        Assert.Equal([Alice, Bob], sessions.Select(s => s.Visitor));
    }

    [Fact]
    public void A_single_pageview_is_a_bounce_with_zero_duration()
    {
        var session = Assert.Single(Sessionizer.Sessionize([View(Alice, 5, "/landing")]));

        Assert.True(session.IsBounce);
        Assert.Equal(0, session.DurationUs);
        Assert.Equal("/landing", session.EntryPage);
        Assert.Equal("/landing", session.ExitPage);
    }

    [Fact]
    public void Custom_events_extend_a_session_but_are_not_pages()
    {
        var session = Assert.Single(Sessionizer.Sessionize([View(Alice, 0, "/"), Custom(Alice, 20), Custom(Alice, 45)]));

        Assert.Equal(1, session.Pageviews);
        Assert.Equal(3, session.Events);
        Assert.Equal("/", session.ExitPage);
        Assert.Equal(45 * Minute, session.DurationUs);
        Assert.True(session.IsBounce);
    }

    [Fact]
    public void A_session_of_custom_events_only_has_no_pages_and_is_no_bounce()
    {
        var session = Assert.Single(Sessionizer.Sessionize([Custom(Alice, 0)]));

        Assert.Null(session.EntryPage);
        Assert.Equal(0, session.Pageviews);
        Assert.False(session.IsBounce);
    }

    [Fact]
    public void Hits_out_of_time_order_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(
            () => Sessionizer.Sessionize([View(Alice, 10, "/a"), View(Alice, 5, "/b")]).ToList());

        Assert.Contains("sorted by (visitor, time)", error.Message);
    }

    [Fact]
    public void Hits_with_equal_times_are_in_order()
    {
        Assert.Single(Sessionizer.Sessionize([View(Alice, 1, "/a"), View(Alice, 1, "/b")]));
    }

    [Fact]
    public void Unsorted_hits_can_be_sorted_first()
    {
        var sessions = Sessionizer.SortAndSessionize([View(Bob, 3, "/b"), View(Alice, 40, "/a2"), View(Alice, 0, "/a1")]);

        Assert.Equal(["/a1", "/a2", "/b"], sessions.Select(s => s.EntryPage));
    }

    [Fact]
    public void A_session_open_at_the_end_of_one_batch_continues_in_the_next()
    {
        var first = new Sessionizer();
        first.Add(View(Alice, 0, "/a"));
        first.Add(View(Alice, 10, "/b"));
        var open = first.Open!;

        var second = new Sessionizer();
        second.Resume(open);
        Assert.Null(second.Add(View(Alice, 20, "/c")));
        var closed = second.Add(View(Alice, 60, "/d"));

        Assert.Equal(new Session(Alice, 0, 20 * Minute, "/a", "/c", 3, 3), closed);
        Assert.Equal(new Session(Alice, 60 * Minute, 60 * Minute, "/d", "/d", 1, 1), second.Flush());
        Assert.Null(second.Open);
    }

    [Fact]
    public void The_timeout_can_be_configured()
    {
        Assert.Equal(2, Sessionizer.Sessionize([View(Alice, 0, "/"), View(Alice, 5, "/")], TimeSpan.FromMinutes(5)).Count());
    }

    [Fact]
    public void Sessionizing_nothing_gives_nothing()
    {
        Assert.Empty(Sessionizer.Sessionize([]));
    }
}
