using System.Diagnostics;
using System.IO.Compression;

namespace Metronome.Ingest.Tests.Web;

public sealed class TrackerScriptTests
{
    private static readonly string ScriptPath = Path.GetFullPath(Path.Combine(
        Path.GetDirectoryName(TestData.PathOf("TrackerScriptTests.cs"))!, "..", "..", "..", "src", "Metronome.Server", "wwwroot", "metronome.js"));

    [Fact]
    public void The_tracker_is_under_one_and_a_half_kilobytes_gzipped()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(File.ReadAllBytes(ScriptPath));
        }

        Assert.True(compressed.Length < 1536, $"metronome.js is {compressed.Length} bytes gzipped");
    }

    [Fact]
    public void The_tracker_sets_no_cookies_and_uses_no_storage()
    {
        var script = File.ReadAllText(ScriptPath);

        Assert.DoesNotContain(".cookie", script, StringComparison.Ordinal);
        Assert.DoesNotContain("localStorage", script, StringComparison.Ordinal);
        Assert.DoesNotContain("sessionStorage", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tracker_behaves_in_a_fake_browser_when_node_is_installed()
    {
        var node = new[] { "/usr/bin/node", "/usr/local/bin/node" }.FirstOrDefault(File.Exists);
        if (node is null)
        {
            return; // the browser test covers this end to end
        }

        var harness = TestData.PathOf(Path.Combine("Tracker", "tracker-harness.js"));
        using var process = Process.Start(new ProcessStartInfo(node, [harness, ScriptPath]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0 && !output.Contains("FAIL", StringComparison.Ordinal), output);
        Assert.Contains("ok download", output, StringComparison.Ordinal);
    }
}
