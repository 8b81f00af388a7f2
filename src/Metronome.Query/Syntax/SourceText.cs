namespace Metronome.Query.Syntax;

/// <summary>The text the lexer reads (after template substitution) together with the text the user
/// wrote, so that diagnostics point at the user's line and column, not at substituted text.</summary>
public sealed class SourceText
{
    private readonly IReadOnlyList<Substitution> _substitutions;

    public SourceText(string text)
        : this(text, text, [])
    {
    }

    internal SourceText(string text, string original, IReadOnlyList<Substitution> substitutions)
    {
        Text = text;
        Original = original;
        _substitutions = substitutions;
    }

    public string Text { get; }

    public string Original { get; }

    /// <summary>Maps an offset in <see cref="Text"/> to an offset in <see cref="Original"/>. An offset
    /// inside a substituted value maps to the start of its <c>{{name}}</c>.</summary>
    public int ToOriginalOffset(int offset)
    {
        var shift = 0;
        foreach (var s in _substitutions)
        {
            if (offset < s.TextStart)
            {
                break;
            }

            if (offset < s.TextStart + s.TextLength)
            {
                return s.OriginalStart;
            }

            shift = s.OriginalStart + s.OriginalLength - (s.TextStart + s.TextLength);
        }

        return Math.Clamp(offset + shift, 0, Original.Length);
    }

    /// <summary>One-based line and column in the original text.</summary>
    public (int Line, int Column) LineColumn(int offset)
    {
        var original = ToOriginalOffset(offset);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < original && i < Original.Length; i++)
        {
            if (Original[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, original - lineStart + 1);
    }

    internal readonly record struct Substitution(int TextStart, int TextLength, int OriginalStart, int OriginalLength);
}
