namespace Metronome.Query.Syntax;

/// <summary>A range of the (substituted) query text, as offset and length.</summary>
public readonly record struct SourceSpan(int Start, int Length)
{
    public int End => Start + Length;

    public static SourceSpan Between(SourceSpan first, SourceSpan last) => new(first.Start, Math.Max(0, last.End - first.Start));
}
