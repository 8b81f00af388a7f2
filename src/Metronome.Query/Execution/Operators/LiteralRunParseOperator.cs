namespace Metronome.Query.Execution.Operators;

/// <summary><c>parse regex</c> answered by a <see cref="LiteralRunPattern"/> instead of the regex engine:
/// the same rows kept and the same captured text. Only captures a later stage reads become strings
/// (<paramref name="live"/>); the others matter only for whether the row matched.</summary>
public sealed class LiteralRunParseOperator(int source, LiteralRunPattern pattern, int[] outputs, bool[] live, bool nodrop)
    : CaptureParseOperator(source, outputs, live, nodrop)
{
    protected override bool Match(string text, Span<(int Start, int Length)> captures) => pattern.Match(text, captures);
}
