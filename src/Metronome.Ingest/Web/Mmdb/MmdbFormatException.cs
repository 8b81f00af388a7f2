namespace Metronome.Ingest.Web.Mmdb;

/// <summary>The file is not a valid MaxMind DB, or a record in it is corrupt.</summary>
public sealed class MmdbFormatException(string message) : Exception(message);
