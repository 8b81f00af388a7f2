namespace Metronome.Bench.Cli;

/// <summary>Finds the repository (the directory holding Metronome.slnx) so default paths work from anywhere inside it.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Metronome.slnx")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (Metronome.slnx) above the current directory.");
    }
}
