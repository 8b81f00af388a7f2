namespace Metronome.Query.Syntax;

public enum TokenKind
{
    End,
    Pipe,
    Identifier,
    /// <summary><c>%"any name"</c> or <c>%name.with[odd]chars</c>: a field name, never a keyword.</summary>
    QuotedName,
    Number,
    String,
    SingleQuoted,
    Regex,
    /// <summary>A scope (keyword search) word: any run of characters up to space, quote, paren, = or |.</summary>
    Word,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Equals,
    EqualsEquals,
    NotEquals,
    Less,
    LessEquals,
    Greater,
    GreaterEquals,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    Question,
    Colon,
}
