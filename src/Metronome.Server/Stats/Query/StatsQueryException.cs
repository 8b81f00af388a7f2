namespace Metronome.Server.Stats.Query;

/// <summary>A request the stats API refuses (400), naming the member at fault.</summary>
public sealed class StatsQueryException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
