using Metronome.Ingest.Tests.Decoding;

namespace Metronome.Ingest.Tests.Heroku;

public class ApiLineTests
{
    private static Metronome.Core.Events.Event Api(string msg, string app = "app") => Drain.One(Drain.Heroku("api", msg, app: app, pri: 134));

    [Fact]
    public void A_release_gives_version_and_user()
    {
        var e = Api("Release v42 created by user jane@example.com");

        Assert.Equal(EventNames.Api, e.Name);
        Assert.Equal(("release", "v42", "jane@example.com"), (e.Text("action"), e.Text("version"), e.Text("user")));
    }

    [Fact]
    public void A_deploy_gives_the_commit()
    {
        var e = Api("Deploy 3f2a1bc by user jane@example.com");

        Assert.Equal(("deploy", "3f2a1bc", "jane@example.com"), (e.Text("action"), e.Text("commit"), e.Text("user")));
    }

    [Fact]
    public void Scaling_gives_quantity_and_size_per_process()
    {
        var e = Api("Scaled to web@3:Performance-L worker@5:Standard-2X by user ops@example.com");

        Assert.Equal("scale", e.Text("action"));
        Assert.Equal("web@3:Performance-L worker@5:Standard-2X", e.Text("scale"));
        Assert.Equal(3, e.Long("scale.web"));
        Assert.Equal("Standard-2X", e.Text("size.worker"));
        Assert.Equal(5, e.Long("scale.worker"));
    }

    [Fact]
    public void The_old_scale_wording_from_the_heroku_source_is_read_too()
    {
        var e = Api("Scale to mailer=1, web=3 by someuser@gmail.com", app: "heroku");

        Assert.Equal(EventNames.Api, e.Name);
        Assert.Equal((1L, 3L, "someuser@gmail.com"), (e.Long("scale.mailer"), e.Long("scale.web"), e.Text("user")));
    }

    [Theory]
    [InlineData("Build started by user jane@example.com", "started")]
    [InlineData("Build succeeded", "succeeded")]
    [InlineData("Build failed -- check your build output: https://dashboard.heroku.com/apps/0b2f/activity/builds/9c1e", "failed")]
    public void Builds_give_their_status(string msg, string status)
    {
        var e = Api(msg);

        Assert.Equal(("build", status), (e.Text("action"), e.Text("build_status")));
        if (status == "failed")
        {
            Assert.Equal("https://dashboard.heroku.com/apps/0b2f/activity/builds/9c1e", e.Text("build_url"));
        }
    }

    [Theory]
    [InlineData("Initial release by user jane@example.com", "release", "v1")]
    [InlineData("Rollback to v41 by user jane@example.com", "rollback", "v41")]
    [InlineData("Running release v43 commands by user jane@example.com", "release_command", "v43")]
    public void Releases_rollbacks_and_release_commands_give_a_version(string msg, string action, string version)
    {
        var e = Api(msg);

        Assert.Equal((action, version, "jane@example.com"), (e.Text("action"), e.Text("version"), e.Text("user")));
    }

    [Fact]
    public void Config_changes_list_the_variables()
    {
        var e = Api("Set DATABASE_URL, REDIS_URL config vars by user jane@example.com");

        Assert.Equal(("config", "DATABASE_URL, REDIS_URL"), (e.Text("action"), e.Text("config_vars")));
    }

    [Theory]
    [InlineData("Enable Logplex by user jane@example.com", "enable_logplex")]
    [InlineData("Upgrade stack to heroku-20 by user jane@example.com", "stack_upgrade")]
    [InlineData("Attach HEROKU_POSTGRESQL_MAUVE resource by jane@example.com", "attach")]
    public void Other_platform_actions_are_named(string msg, string action)
    {
        var e = Api(msg);

        Assert.Equal((action, "jane@example.com"), (e.Text("action"), e.Text("user")));
    }

    [Fact]
    public void Slug_compiler_lines_are_builds()
    {
        var e = Drain.One(Drain.Heroku("slug-compiler", "Slug compilation finished", pri: 45));

        Assert.Equal((EventNames.Api, "build", "finished"), (e.Name, e.Text("action"), e.Text("build_status")));
    }
}
