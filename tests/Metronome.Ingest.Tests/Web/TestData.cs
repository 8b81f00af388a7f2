using System.Runtime.CompilerServices;

namespace Metronome.Ingest.Tests.Web;

/// <summary>Finds data files that live next to the test sources (the test project copies nothing to
/// its output, so the files are read from the source tree).</summary>
internal static class TestData
{
    public static string PathOf(string fileName, [CallerFilePath] string callerPath = "") =>
        Path.Combine(Path.GetDirectoryName(callerPath)!, fileName);
}
