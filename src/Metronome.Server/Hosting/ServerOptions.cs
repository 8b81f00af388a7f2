using Metronome.Ingest.Ticks;
using Metronome.Storage;

namespace Metronome.Server.Hosting;

/// <summary>Everything the server is configured with (command line, environment, config file).</summary>
public sealed record ServerOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8080;

    public string DataDirectory { get; init; } = "data";

    /// <summary>Where the embedded store keeps its log and segments.</summary>
    public string StoreDirectory => StoreDirectoryOf(DataDirectory);

    public static string StoreDirectoryOf(string dataDirectory) => Path.Combine(dataDirectory, "store");

    /// <summary>Largest request body accepted (after decompression too), in bytes.</summary>
    public long MaxBodyBytes { get; init; } = 8L * 1024 * 1024;

    public TickLimits Ticks { get; init; } = new();

    public StoreOptions Store { get; init; } = new();

    /// <summary>How often retention runs.</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromHours(1);
}
