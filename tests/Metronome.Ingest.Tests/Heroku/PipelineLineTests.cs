using Metronome.Ingest.Heroku;
using Metronome.Ingest.Tests.Decoding;

namespace Metronome.Ingest.Tests.Heroku;

public class PipelineLineTests
{
    [Fact]
    public void An_l10_frame_glued_to_the_next_frame_gives_the_dropped_count_and_both_events()
    {
        const string l10 = "<172>1 2014-11-11T08:24:25+00:00 host heroku logplex - Error L10 (output buffer overflow): 1 messages dropped since 2014-11-07T23:29:45+00:00.";
        const string next = "<45>1 2014-11-11T08:24:24.123456+00:00 host heroku web.1 - State changed from up to down\n";

        var (events, errors) = Drain.Logplex("142 " + l10 + Drain.Frame(next));

        Assert.Empty(errors);
        Assert.Equal([EventNames.Logplex, EventNames.Dyno], events.Select(e => e.Name));
        var e = events[0];
        Assert.Equal(("L10", "output buffer overflow"), (e.Text("code"), e.Text("desc")));
        Assert.Equal(1, e.Long("dropped"));
        Assert.Equal("2014-11-07T23:29:45+00:00", e.Text("since"));
        Assert.Equal(l10, e.Text("_raw"));
        Assert.True(events[1].TimeUs < e.TimeUs);
    }

    [Theory]
    [InlineData("Error L12: 7 messages dropped since 2024-01-01T00:00:00+00:00.", "L12", "dropped", 7)]
    [InlineData("Error L13: 3 messages lost since 2024-01-01T00:00:00+00:00.", "L13", "lost", 3)]
    public void Log_shuttle_losses_are_counted(string msg, string code, string field, long count)
    {
        var e = Drain.One(Drain.Heroku("log-shuttle", msg, app: "app", pri: 172));

        Assert.Equal(EventNames.Logplex, e.Name);
        Assert.Equal(code, e.Text("code"));
        Assert.Equal(count, e.Long(field));
        Assert.False(string.IsNullOrEmpty(e.Text("code_description")));
    }

    [Fact]
    public void Every_documented_code_has_a_title_and_a_description()
    {
        string[] codes =
        [
            .. Enumerable.Range(10, 19).Select(n => $"H{n}"), "H31", "H32", "H33", "H34", "H80", "H81", "H82", "H83", "H99",
            "R10", "R12", "R13", "R14", "R15", "R16", "R17", "R99",
            .. Enumerable.Range(10, 6).Select(n => $"L{n}"),
        ];

        Assert.All(codes, code =>
        {
            var known = HerokuErrorCodes.Find(code);
            Assert.NotNull(known);
            Assert.False(string.IsNullOrWhiteSpace(known.Title));
            Assert.False(string.IsNullOrWhiteSpace(known.Description));
        });
    }
}
