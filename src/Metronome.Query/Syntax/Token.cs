namespace Metronome.Query.Syntax;

/// <summary>A token with its place in the text. <see cref="Value"/> is the decoded content for strings,
/// quoted names and regexes (without delimiters), else the text itself.</summary>
public readonly record struct Token(TokenKind Kind, string Value, SourceSpan Span)
{
    public bool Is(TokenKind kind) => Kind == kind;

    /// <summary>True for an identifier or scope word spelled <paramref name="keyword"/>, in any case.</summary>
    public bool IsKeyword(string keyword) =>
        (Kind == TokenKind.Identifier || Kind == TokenKind.Word) && string.Equals(Value, keyword, StringComparison.OrdinalIgnoreCase);

    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the query",
        TokenKind.Pipe => "'|'",
        TokenKind.String => $"\"{Value}\"",
        TokenKind.QuotedName => $"%\"{Value}\"",
        TokenKind.Regex => $"/{Value}/",
        _ => $"'{Value}'",
    };
}
