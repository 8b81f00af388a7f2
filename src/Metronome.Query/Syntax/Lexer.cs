using Metronome.Query.Diagnostics;

namespace Metronome.Query.Syntax;

/// <summary>An on-demand lexer: the parser asks for the next token in a mode, and for a
/// <c>/regex/</c> or a raw word (<c>geo://location</c>) only where the grammar expects one, so a
/// <c>/</c> elsewhere stays a division and a <c>|</c> inside any literal is never a pipe.</summary>
public sealed class Lexer
{
    /// <summary>Sumo's documented limit on query length.</summary>
    public const int MaxQueryLength = 15_000;

    private readonly string _text;

    public Lexer(SourceText source)
    {
        Source = source;
        _text = source.Text;
        if (_text.Length > MaxQueryLength)
        {
            throw Error(DiagnosticCode.QueryTooLong, $"the query is {_text.Length} characters long; the limit is {MaxQueryLength}", MaxQueryLength, 1);
        }
    }

    public SourceText Source { get; }

    /// <summary>Offset of the next character to read.</summary>
    public int Position { get; set; }

    /// <summary>All tokens of a text in pipeline mode (scope words are not split out): for tests and tools.</summary>
    public static IReadOnlyList<Token> Tokenize(string text)
    {
        var lexer = new Lexer(new SourceText(text));
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = lexer.Next(LexMode.Pipeline);
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);
        return tokens;
    }

    public Token Next(LexMode mode)
    {
        SkipTrivia();
        var start = Position;
        if (start >= _text.Length)
        {
            return new Token(TokenKind.End, "", new SourceSpan(_text.Length, 0));
        }

        var c = _text[start];
        if (c == '"')
        {
            return ReadString();
        }

        return mode == LexMode.Scope ? NextScope(c, start) : NextPipeline(c, start);
    }

    /// <summary>Reads <c>/.../</c> at the current position (after trivia). <c>\/</c> stays in the pattern.</summary>
    public Token ReadRegex()
    {
        SkipTrivia();
        var start = Position;
        var i = start + 1;
        while (i < _text.Length && _text[i] != '/')
        {
            i += _text[i] == '\\' && i + 1 < _text.Length ? 2 : 1;
        }

        if (i >= _text.Length)
        {
            throw Error(DiagnosticCode.UnterminatedRegex, "the regular expression has no closing '/'", start, _text.Length - start);
        }

        Position = i + 1;
        return new Token(TokenKind.Regex, _text.Substring(start + 1, i - start - 1), new SourceSpan(start, Position - start));
    }

    /// <summary>Reads characters up to whitespace, a pipe or a comma: <c>geo://location</c>.</summary>
    public Token ReadRawWord()
    {
        SkipTrivia();
        var start = Position;
        var i = start;
        while (i < _text.Length && !char.IsWhiteSpace(_text[i]) && _text[i] is not ('|' or ',' or '"'))
        {
            i++;
        }

        Position = i;
        return new Token(TokenKind.Word, _text[start..i], new SourceSpan(start, i - start));
    }

    public bool AtRegexStart()
    {
        SkipTrivia();
        return Position < _text.Length && _text[Position] == '/' && !StartsComment(Position);
    }

    private Token NextScope(char c, int start)
    {
        switch (c)
        {
            case '(': return Single(TokenKind.LParen, start);
            case ')': return Single(TokenKind.RParen, start);
            case '|': return Single(TokenKind.Pipe, start);
            case '=': return Single(TokenKind.Equals, start);
            case '!' when Peek(start + 1) == '=': return Double(TokenKind.NotEquals, start);
            case '!': return Single(TokenKind.Bang, start);
        }

        var i = start;
        while (i < _text.Length)
        {
            var ch = _text[i];
            if (char.IsWhiteSpace(ch) || ch is '(' or ')' or '"' or '|' or '=' || (ch == '!' && Peek(i + 1) == '='))
            {
                break;
            }

            i++;
        }

        Position = i;
        return new Token(TokenKind.Word, _text[start..i], new SourceSpan(start, i - start));
    }

    private Token NextPipeline(char c, int start)
    {
        if (char.IsAsciiLetter(c) || c == '_')
        {
            var i = start + 1;
            while (i < _text.Length && IsNameChar(_text[i]))
            {
                i++;
            }

            Position = i;
            return new Token(TokenKind.Identifier, _text[start..i], new SourceSpan(start, i - start));
        }

        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(start + 1))))
        {
            return ReadNumber(start);
        }

        switch (c)
        {
            case '|': return Single(TokenKind.Pipe, start);
            case '(': return Single(TokenKind.LParen, start);
            case ')': return Single(TokenKind.RParen, start);
            case '[': return Single(TokenKind.LBracket, start);
            case ']': return Single(TokenKind.RBracket, start);
            case ',': return Single(TokenKind.Comma, start);
            case '+': return Single(TokenKind.Plus, start);
            case '-': return Single(TokenKind.Minus, start);
            case '*': return Single(TokenKind.Star, start);
            case '/': return Single(TokenKind.Slash, start);
            case '?': return Single(TokenKind.Question, start);
            case ':': return Single(TokenKind.Colon, start);
            case '=' when Peek(start + 1) == '=': return Double(TokenKind.EqualsEquals, start);
            case '=': return Single(TokenKind.Equals, start);
            case '!' when Peek(start + 1) == '=': return Double(TokenKind.NotEquals, start);
            case '!': return Single(TokenKind.Bang, start);
            case '<' when Peek(start + 1) == '>': return Double(TokenKind.NotEquals, start);
            case '<' when Peek(start + 1) == '=': return Double(TokenKind.LessEquals, start);
            case '<': return Single(TokenKind.Less, start);
            case '>' when Peek(start + 1) == '=': return Double(TokenKind.GreaterEquals, start);
            case '>': return Single(TokenKind.Greater, start);
            case '%': return ReadPercent(start);
            case '\'': return ReadSingleQuoted(start);
        }

        throw Error(DiagnosticCode.UnexpectedCharacter, $"unexpected character '{c}'", start, 1);
    }

    private Token ReadNumber(int start)
    {
        var i = start;
        while (i < _text.Length && char.IsAsciiDigit(_text[i]))
        {
            i++;
        }

        if (Peek(i) == '.' && char.IsAsciiDigit(Peek(i + 1)))
        {
            i++;
            while (i < _text.Length && char.IsAsciiDigit(_text[i]))
            {
                i++;
            }
        }

        if (Peek(i) is 'e' or 'E' && (char.IsAsciiDigit(Peek(i + 1)) || (Peek(i + 1) is '+' or '-' && char.IsAsciiDigit(Peek(i + 2)))))
        {
            i += 2;
            while (i < _text.Length && char.IsAsciiDigit(_text[i]))
            {
                i++;
            }
        }

        // A suffix (5m, 10Ki, 1.5s) belongs to the number; so does a longer word (2xx), which the parser rejects where a number is needed.
        while (i < _text.Length && IsNameChar(_text[i]))
        {
            i++;
        }

        Position = i;
        return new Token(TokenKind.Number, _text[start..i], new SourceSpan(start, i - start));
    }

    private Token ReadString()
    {
        var start = Position;
        var builder = new System.Text.StringBuilder();
        var i = start + 1;
        while (i < _text.Length)
        {
            var ch = _text[i];
            if (ch == '"')
            {
                Position = i + 1;
                return new Token(TokenKind.String, builder.ToString(), new SourceSpan(start, Position - start));
            }

            if (ch == '\\' && i + 1 < _text.Length)
            {
                // Only \" is decoded here; other escapes stay for the consumer (regexes need \d intact).
                if (_text[i + 1] == '"')
                {
                    builder.Append('"');
                }
                else
                {
                    builder.Append(ch).Append(_text[i + 1]);
                }

                i += 2;
                continue;
            }

            builder.Append(ch);
            i++;
        }

        throw Error(DiagnosticCode.UnterminatedString, "the string has no closing '\"'", start, _text.Length - start);
    }

    private Token ReadSingleQuoted(int start)
    {
        var close = _text.IndexOf('\'', start + 1);
        if (close < 0)
        {
            throw Error(DiagnosticCode.UnterminatedString, "the string has no closing \"'\"", start, _text.Length - start);
        }

        Position = close + 1;
        return new Token(TokenKind.SingleQuoted, _text.Substring(start + 1, close - start - 1), new SourceSpan(start, Position - start));
    }

    private Token ReadPercent(int start)
    {
        if (Peek(start + 1) == '"')
        {
            Position = start + 1;
            var inner = ReadString();
            return new Token(TokenKind.QuotedName, inner.Value, new SourceSpan(start, Position - start));
        }

        var i = start + 1;
        while (i < _text.Length && !char.IsWhiteSpace(_text[i]) && _text[i] is not ('|' or ',' or '(' or ')' or '=' or '<' or '>' or '!' or '"'))
        {
            i++;
        }

        if (i == start + 1)
        {
            return Single(TokenKind.Percent, start);
        }

        Position = i;
        return new Token(TokenKind.QuotedName, _text.Substring(start + 1, i - start - 1), new SourceSpan(start, i - start));
    }

    private void SkipTrivia()
    {
        var i = Position;
        while (i < _text.Length)
        {
            var ch = _text[i];
            if (char.IsWhiteSpace(ch))
            {
                i++;
            }
            else if (ch == '/' && Peek(i + 1) == '/')
            {
                while (i < _text.Length && _text[i] != '\n')
                {
                    i++;
                }
            }
            else if (ch == '/' && Peek(i + 1) == '*')
            {
                var close = _text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw Error(DiagnosticCode.UnterminatedComment, "the comment has no closing '*/'", i, _text.Length - i);
                }

                i = close + 2;
            }
            else
            {
                break;
            }
        }

        Position = i;
    }

    private bool StartsComment(int i) => Peek(i) == '/' && Peek(i + 1) is '/' or '*';

    private char Peek(int i) => i < _text.Length ? _text[i] : '\0';

    private Token Single(TokenKind kind, int start)
    {
        Position = start + 1;
        return new Token(kind, _text.Substring(start, 1), new SourceSpan(start, 1));
    }

    private Token Double(TokenKind kind, int start)
    {
        Position = start + 2;
        return new Token(kind, _text.Substring(start, 2), new SourceSpan(start, 2));
    }

    internal static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    internal QueryException Error(string code, string message, int offset, int length)
    {
        var (line, column) = Source.LineColumn(offset);
        return new QueryException(new Diagnostic(code, message, line, column, Source.ToOriginalOffset(offset), length));
    }
}
