using Metronome.Query.Diagnostics;
using Metronome.Query.Syntax;

namespace Metronome.Query.Tests;

public sealed class LexerTests
{
    [Fact]
    public void Tokens_carry_offsets_and_strings_keep_regex_escapes()
    {
        var tokens = Lexer.Tokenize("parse regex \"a\\\"(?<n>\\d+)\" | x>=1");
        Assert.Equal(TokenKind.String, tokens[2].Kind);
        Assert.Equal("a\"(?<n>\\d+)", tokens[2].Value);
        Assert.Equal(12, tokens[2].Span.Start);
        Assert.Equal(TokenKind.Pipe, tokens[3].Kind);
        Assert.Equal(TokenKind.GreaterEquals, tokens[5].Kind);
    }

    [Fact]
    public void An_unterminated_string_points_at_its_opening_quote()
    {
        var e = Assert.Throws<QueryException>(() => Parser.Parse("error\n| where x = \"abc"));
        Assert.Equal(DiagnosticCode.UnterminatedString, e.Code);
        Assert.Equal((2, 13), (e.Diagnostic.Line, e.Diagnostic.Column));
    }

    [Fact]
    public void The_message_names_what_was_expected_and_where()
    {
        var e = Assert.Throws<QueryException>(() => Parser.Parse("*\n| count\n  by"));
        Assert.Equal("MQL2001: expected a field name after 'by' but found the end of the query at 3:5", e.Message);
    }

    [Fact]
    public void Every_diagnostic_code_is_listed_once()
    {
        var codes = DiagnosticCode.All.Select(c => c.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        var constants = typeof(DiagnosticCode).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(constants.Order(), codes.Order());
    }
}
