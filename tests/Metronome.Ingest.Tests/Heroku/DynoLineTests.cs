using Metronome.Ingest.Tests.Decoding;

namespace Metronome.Ingest.Tests.Heroku;

public class DynoLineTests
{
    private static Metronome.Core.Events.Event Dyno(string msg, string proc = "web.1") => Drain.One(Drain.Heroku(proc, msg, pri: 45));

    [Fact]
    public void A_state_change_gives_from_and_to()
    {
        var e = Dyno("State changed from starting to up");

        Assert.Equal(EventNames.Dyno, e.Name);
        Assert.Equal(("state_change", "starting", "up"), (e.Text("action"), e.Text("state_from"), e.Text("state_to")));
    }

    [Theory]
    [InlineData("Process exited with status 143", 143)]
    [InlineData("Process exited with status 0", 0)]
    [InlineData("Process exited with status 137", 137)]
    public void A_process_exit_gives_its_status(string msg, long status)
    {
        var e = Dyno(msg);

        Assert.Equal("exit", e.Text("action"));
        Assert.Equal(status, e.Long("exit_status"));
    }

    [Fact]
    public void The_2011_exit_wording_without_a_status_is_still_an_exit()
    {
        var e = Dyno("Process exited");

        Assert.Equal("exit", e.Text("action"));
        Assert.False(e.Has("exit_status"));
    }

    [Theory]
    [InlineData("Starting process with command `bundle exec rackup config.ru -p 24405`")]
    [InlineData("Starting process with command: `bundle exec rackup config.ru -p 24405`")]
    public void Starting_a_process_gives_its_command(string msg)
    {
        var e = Dyno(msg);

        Assert.Equal(("start", "bundle exec rackup config.ru -p 24405"), (e.Text("action"), e.Text("command")));
    }

    [Theory]
    [InlineData("Stopping all processes with SIGTERM", "stop", "SIGTERM")]
    [InlineData("Stopping process with SIGKILL", "stop", "SIGKILL")]
    [InlineData("Client connection closed. Sending SIGHUP to all processes", "client_closed", "SIGHUP")]
    public void Signals_are_named(string msg, string action, string signal)
    {
        var e = Dyno(msg);

        Assert.Equal((action, signal), (e.Text("action"), e.Text("signal")));
    }

    [Theory]
    [InlineData("Cycling", "cycle")]
    [InlineData("Restarting", "restart")]
    [InlineData("Idling", "idle")]
    [InlineData("Unidling", "unidle")]
    [InlineData("Awaiting client", "await_client")]
    public void Simple_lifecycle_words_become_actions(string msg, string action)
    {
        Assert.Equal(action, Dyno(msg, "run.8505").Text("action"));
    }

    [Theory]
    [InlineData("Process running mem=1028MB(103.3%)", 1028, 103.3)]
    [InlineData("Process running mem=903M(176.1%)", 903, 176.1)]
    public void The_memory_report_before_r14_gives_megabytes_and_percent(string msg, double mb, double percent)
    {
        var e = Dyno(msg);

        Assert.Equal(("memory", mb, percent), (e.Text("action"), e.Double("memory_mb"), e.Double("memory_percent")));
    }

    [Fact]
    public void An_r14_line_gets_code_title_and_description()
    {
        var e = Dyno("Error R14 (Memory quota exceeded)");

        Assert.Equal(("error", "R14", "Memory quota exceeded"), (e.Text("action"), e.Text("code"), e.Text("desc")));
        Assert.Contains("quota", e.Text("code_description"));
        Assert.False(e.Has("detail"));
    }

    [Fact]
    public void An_r10_line_keeps_its_detail()
    {
        var e = Dyno("Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch");

        Assert.Equal(("R10", "Boot timeout"), (e.Text("code"), e.Text("desc")));
        Assert.Equal("Web process failed to bind to $PORT within 60 seconds of launch", e.Text("detail"));
    }

    [Fact]
    public void An_unrecognised_dyno_line_keeps_its_envelope()
    {
        var e = Dyno("Something new from the dyno manager");

        Assert.Equal(EventNames.Dyno, e.Name);
        Assert.False(e.Has("action"));
        Assert.Equal("Something new from the dyno manager", e.Text("message"));
    }
}
