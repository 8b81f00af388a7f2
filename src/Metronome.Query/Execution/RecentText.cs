namespace Metronome.Query.Execution;

/// <summary>
/// Makes strings of captured text, reusing the previous one made for the same output when the text is
/// the same: a parsed status, dyno or level repeats from row to row, and a reused string costs neither an
/// allocation nor, in a later group-by, more than a reference comparison. One instance per operator
/// instance (not thread-safe).
/// </summary>
internal sealed class RecentText(int outputs)
{
    private readonly string?[] _last = new string?[outputs];

    public string Get(int output, ReadOnlySpan<char> text)
    {
        var last = _last[output];
        if (last is not null && text.SequenceEqual(last))
        {
            return last;
        }

        var made = text.ToString();
        _last[output] = made;
        return made;
    }
}
