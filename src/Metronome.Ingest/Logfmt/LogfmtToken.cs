namespace Metronome.Ingest.Logfmt;

/// <summary>One logfmt token: <c>key=value</c>, <c>key="quoted value"</c>, <c>key=</c> or a bare word.</summary>
internal readonly ref struct LogfmtToken
{
    public LogfmtToken(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool isPair, bool isQuoted, bool hasEscapes)
    {
        Key = key;
        Value = value;
        IsPair = isPair;
        IsQuoted = isQuoted;
        HasEscapes = hasEscapes;
    }

    /// <summary>The key, or the whole word when <see cref="IsPair"/> is false.</summary>
    public ReadOnlySpan<byte> Key { get; }

    /// <summary>The value without its quotes; escapes are still in place when <see cref="HasEscapes"/>.</summary>
    public ReadOnlySpan<byte> Value { get; }

    public bool IsPair { get; }

    public bool IsQuoted { get; }

    public bool HasEscapes { get; }
}
