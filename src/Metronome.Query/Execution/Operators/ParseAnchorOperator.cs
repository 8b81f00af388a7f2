namespace Metronome.Query.Execution.Operators;

/// <summary><c>parse "start*stop..." as a, ...</c>: each literal is found (ordinal, case-sensitive) at its
/// first occurrence after the previous one; a capture is the shortest text up to the next literal, and a
/// trailing <c>*</c> runs to the end. All literals must be found, else the row is dropped (or, with
/// nodrop, kept with the fields null). Only captures a later stage reads become strings (<paramref name="live"/>).</summary>
public sealed class ParseAnchorOperator(int source, string[] segments, int[] outputs, bool[] live, bool nodrop)
    : CaptureParseOperator(source, outputs, live, nodrop)
{
    protected override bool Match(string text, Span<(int Start, int Length)> captures)
    {
        var position = 0;
        if (segments[0].Length > 0)
        {
            var at = text.IndexOf(segments[0], StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            position = at + segments[0].Length;
        }

        for (var c = 0; c < captures.Length; c++)
        {
            var stop = segments[c + 1];
            if (stop.Length == 0)
            {
                captures[c] = (position, text.Length - position);
                position = text.Length;
                continue;
            }

            var at = text.IndexOf(stop, position, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            captures[c] = (position, at - position);
            position = at + stop.Length;
        }

        return true;
    }
}
