namespace Metronome.Storage;

/// <summary>The store cannot take more writes right now (its queue is full); retry later. Maps to 429/503
/// with Retry-After.</summary>
public sealed class StoreBusyException(string message) : Exception(message);

/// <summary>The store cannot write at all: disk full, an I/O error, or it is closed. Nothing was
/// acknowledged. Maps to 503.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
