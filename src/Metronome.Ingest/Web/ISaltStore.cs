namespace Metronome.Ingest.Web;

/// <summary>Keeps one random salt per UTC day for hashing visitor ids. Implementations are thread-safe.</summary>
public interface ISaltStore
{
    /// <summary>The salt of <paramref name="day"/>, created (32 random bytes) and persisted on first use.</summary>
    byte[] GetOrCreate(DateOnly day);

    /// <summary>Forgets every salt of a day before <paramref name="oldestKept"/>. Once a salt is gone,
    /// nobody, including whoever holds the data, can link its visitor ids back to IP addresses.</summary>
    void DeleteBefore(DateOnly oldestKept);

    /// <summary>The days that currently have a salt, oldest first.</summary>
    IReadOnlyList<DateOnly> Days { get; }
}
