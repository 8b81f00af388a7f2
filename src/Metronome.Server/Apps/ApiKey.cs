namespace Metronome.Server.Apps;

/// <summary>A stored key: only its SHA-256 hash and a short visible prefix are kept, never the key.</summary>
public sealed record ApiKey(string Id, string App, KeyKind Kind, string Hash, string Prefix, DateTimeOffset Created, DateTimeOffset? Revoked)
{
    public bool IsActive => Revoked is null;
}

/// <summary>An app (tenant) and its settings.</summary>
public sealed record AppRecord(string Name, DateTimeOffset Created, int? RetentionDays = null);
