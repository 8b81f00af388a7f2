using Metronome.Query.Diagnostics;
using Metronome.Query.Syntax.Ast;

namespace Metronome.Query.Syntax;

/// <summary>Recursive-descent parser from query text to an immutable <see cref="QueryNode"/>. Every
/// failure is a <see cref="QueryException"/> with a code, a position and what was expected.</summary>
public sealed partial class Parser
{
    private readonly Lexer _lexer;
    private Token _token;
    private Token _previous;

    private Parser(SourceText source)
    {
        _lexer = new Lexer(source);
    }

    /// <summary>Substitutes template variables, then parses.</summary>
    public static QueryNode Parse(string query, IReadOnlyDictionary<string, string>? variables = null) =>
        Parse(TemplateVariables.Substitute(query, variables));

    public static QueryNode Parse(SourceText source)
    {
        var parser = new Parser(source);
        return parser.ParseQuery();
    }

    /// <summary>Parses a lone expression (used by tools and tests).</summary>
    public static Expr ParseExpression(string text)
    {
        var parser = new Parser(new SourceText(text));
        parser.Advance();
        var expr = parser.Expression();
        parser.ExpectEnd("after the expression");
        return expr;
    }

    private QueryNode ParseQuery()
    {
        Advance(LexMode.Scope);
        var start = _token.Span;
        var scope = ParseScope();
        var stages = new List<Stage>();
        while (_token.Is(TokenKind.Pipe))
        {
            Advance();
            stages.Add(ParseStage());
            if (!_token.Is(TokenKind.Pipe) && !_token.Is(TokenKind.End))
            {
                throw Error(DiagnosticCode.UnexpectedToken, $"expected '|' or the end of the query but found {_token.Describe()}", _token.Span);
            }
        }

        if (!_token.Is(TokenKind.End))
        {
            throw Error(DiagnosticCode.UnexpectedToken, $"expected '|' or the end of the query but found {_token.Describe()}", _token.Span);
        }

        return new QueryNode(scope, stages) { Span = SourceSpan.Between(start, _token.Span) };
    }

    // ---- scope ----

    private ScopeExpr ParseScope()
    {
        if (_token.Is(TokenKind.End) || _token.Is(TokenKind.Pipe))
        {
            return new ScopeAll { Span = _token.Span };
        }

        return ScopeOrExpr();
    }

    private ScopeExpr ScopeOrExpr()
    {
        var left = ScopeAndExpr();
        while (_token.IsKeyword("or"))
        {
            AdvanceScope();
            var right = ScopeAndExpr();
            left = new ScopeOr(left, right) { Span = SourceSpan.Between(left.Span, right.Span) };
        }

        return left;
    }

    private ScopeExpr ScopeAndExpr()
    {
        var left = ScopeUnary();
        while (true)
        {
            if (_token.IsKeyword("and"))
            {
                AdvanceScope();
            }
            else if (_token.Kind is TokenKind.End or TokenKind.Pipe or TokenKind.RParen || _token.IsKeyword("or"))
            {
                return left;
            }

            var right = ScopeUnary();
            left = new ScopeAnd(left, right) { Span = SourceSpan.Between(left.Span, right.Span) };
        }
    }

    private ScopeExpr ScopeUnary()
    {
        if (_token.IsKeyword("not") || _token.Is(TokenKind.Bang))
        {
            var start = _token.Span;
            AdvanceScope();
            var operand = ScopeUnary();
            return new ScopeNot(operand) { Span = SourceSpan.Between(start, operand.Span) };
        }

        return ScopePrimary();
    }

    private ScopeExpr ScopePrimary()
    {
        var token = _token;
        switch (token.Kind)
        {
            case TokenKind.LParen:
                AdvanceScope();
                var inner = ScopeOrExpr();
                ExpectScope(TokenKind.RParen, "')' to close the parenthesis");
                return inner with { Span = SourceSpan.Between(token.Span, _previous.Span) };
            case TokenKind.String:
                AdvanceScope();
                return new PhraseTerm(token.Value) { Span = token.Span };
            case TokenKind.Word when !IsScopeOperatorWord(token):
                AdvanceScope();
                if (_token.Kind is TokenKind.Equals or TokenKind.NotEquals)
                {
                    var negated = _token.Is(TokenKind.NotEquals);
                    AdvanceScope();
                    var value = _token;
                    if (value.Kind is not (TokenKind.Word or TokenKind.String) || IsScopeOperatorWord(value))
                    {
                        throw Expected($"a value after '{token.Value}{(negated ? "!=" : "=")}'");
                    }

                    AdvanceScope();
                    return new FieldMatch(token.Value, value.Value, value.Is(TokenKind.String), negated) { Span = SourceSpan.Between(token.Span, value.Span) };
                }

                return token.Value == "*" ? new ScopeAll { Span = token.Span } : new KeywordTerm(token.Value) { Span = token.Span };
            default:
                throw Expected("a keyword, a quoted phrase, field=value or '('");
        }
    }

    private static bool IsScopeOperatorWord(Token token) => token.IsKeyword("and") || token.IsKeyword("or") || token.IsKeyword("not");

    // ---- expressions ----

    private Expr Expression()
    {
        var condition = OrExpr();
        if (!_token.Is(TokenKind.Question))
        {
            return condition;
        }

        Advance();
        var then = Expression();
        Expect(TokenKind.Colon, "':' in the conditional expression");
        var otherwise = Expression();
        return new ConditionalExpr(condition, then, otherwise) { Span = SourceSpan.Between(condition.Span, otherwise.Span) };
    }

    private Expr OrExpr()
    {
        var left = AndExpr();
        while (_token.IsKeyword("or"))
        {
            Advance();
            var right = AndExpr();
            left = new BinaryExpr(BinaryOp.Or, left, right) { Span = SourceSpan.Between(left.Span, right.Span) };
        }

        return left;
    }

    private Expr AndExpr()
    {
        var left = NotExpr();
        while (_token.IsKeyword("and"))
        {
            Advance();
            var right = NotExpr();
            left = new BinaryExpr(BinaryOp.And, left, right) { Span = SourceSpan.Between(left.Span, right.Span) };
        }

        return left;
    }

    private Expr NotExpr()
    {
        if (_token.Is(TokenKind.Bang) || _token.IsKeyword("not"))
        {
            var start = _token.Span;
            Advance();
            var operand = NotExpr();
            return new UnaryExpr(UnaryOp.Not, operand) { Span = SourceSpan.Between(start, operand.Span) };
        }

        return Comparison();
    }

    private Expr Comparison()
    {
        var left = Additive();
        var op = _token.Kind switch
        {
            TokenKind.Equals or TokenKind.EqualsEquals => BinaryOp.Equal,
            TokenKind.NotEquals => BinaryOp.NotEqual,
            TokenKind.Less => BinaryOp.Less,
            TokenKind.LessEquals => BinaryOp.LessOrEqual,
            TokenKind.Greater => BinaryOp.Greater,
            TokenKind.GreaterEquals => BinaryOp.GreaterOrEqual,
            _ => (BinaryOp?)null,
        };
        if (op is not null)
        {
            Advance();
            var right = Additive();
            return new BinaryExpr(op.Value, left, right) { Span = SourceSpan.Between(left.Span, right.Span) };
        }

        var negated = false;
        if (_token.IsKeyword("not"))
        {
            negated = true;
            Advance();
            if (!_token.IsKeyword("in") && !_token.IsKeyword("matches"))
            {
                throw Expected("'in' or 'matches' after 'not'");
            }
        }

        if (_token.IsKeyword("matches"))
        {
            Advance();
            var pattern = Additive();
            return new MatchesExpr(left, pattern, negated) { Span = SourceSpan.Between(left.Span, pattern.Span) };
        }

        if (_token.IsKeyword("in"))
        {
            Advance();
            Expect(TokenKind.LParen, "'(' after 'in'");
            var items = new List<Expr> { Expression() };
            while (_token.Is(TokenKind.Comma))
            {
                Advance();
                items.Add(Expression());
            }

            Expect(TokenKind.RParen, "')' to close the 'in' list");
            return new InExpr(left, items, negated) { Span = SourceSpan.Between(left.Span, _previous.Span) };
        }

        return left;
    }

    private Expr Additive()
    {
        var left = Multiplicative();
        while (_token.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = _token.Is(TokenKind.Plus) ? BinaryOp.Add : BinaryOp.Subtract;
            Advance();
            var right = Multiplicative();
            left = new BinaryExpr(op, left, right) { Span = SourceSpan.Between(left.Span, right.Span) };
        }

        return left;
    }

    private Expr Multiplicative()
    {
        var left = Unary();
        while (_token.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = _token.Kind switch
            {
                TokenKind.Star => BinaryOp.Multiply,
                TokenKind.Slash => BinaryOp.Divide,
                _ => BinaryOp.Modulo,
            };
            Advance();
            var right = Unary();
            left = new BinaryExpr(op, left, right) { Span = SourceSpan.Between(left.Span, right.Span) };
        }

        return left;
    }

    private Expr Unary()
    {
        if (_token.Is(TokenKind.Minus))
        {
            var start = _token.Span;
            Advance();
            var operand = Unary();
            return new UnaryExpr(UnaryOp.Negate, operand) { Span = SourceSpan.Between(start, operand.Span) };
        }

        if (_token.Is(TokenKind.Bang))
        {
            var start = _token.Span;
            Advance();
            var operand = Unary();
            return new UnaryExpr(UnaryOp.Not, operand) { Span = SourceSpan.Between(start, operand.Span) };
        }

        return Primary();
    }

    private Expr Primary()
    {
        var token = _token;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                if (!NumberText.TryParse(token.Value, out var number))
                {
                    throw Error(DiagnosticCode.InvalidNumber, $"'{token.Value}' is not a number", token.Span);
                }

                return new NumberLiteral(token.Value, number) { Span = token.Span };
            case TokenKind.String:
                Advance();
                return new StringLiteral(token.Value) { Span = token.Span };
            case TokenKind.Slash:
                return ReadRegexLiteral();
            case TokenKind.QuotedName:
                Advance();
                return new FieldRef(token.Value) { Span = token.Span };
            case TokenKind.LParen:
                Advance();
                var inner = Expression();
                Expect(TokenKind.RParen, "')' to close the parenthesis");
                return inner;
            case TokenKind.Identifier:
                Advance();
                if (_token.Is(TokenKind.LParen))
                {
                    return CallRest(token);
                }

                if (token.IsKeyword("true") || token.IsKeyword("false"))
                {
                    return new BoolLiteral(token.IsKeyword("true")) { Span = token.Span };
                }

                if (token.IsKeyword("null"))
                {
                    return new NullLiteral { Span = token.Span };
                }

                return new FieldRef(token.Value) { Span = token.Span };
            default:
                throw Expected("a value, a field name or a function call");
        }
    }

    private CallExpr CallRest(Token name)
    {
        Advance();
        var arguments = new List<Expr>();
        if (!_token.Is(TokenKind.RParen))
        {
            arguments.Add(Expression());
            while (_token.Is(TokenKind.Comma))
            {
                Advance();
                arguments.Add(Expression());
            }
        }

        Expect(TokenKind.RParen, $"')' to close the call of {name.Value}");
        return new CallExpr(name.Value, arguments) { Span = SourceSpan.Between(name.Span, _previous.Span) };
    }

    private RegexLiteral ReadRegexLiteral()
    {
        _lexer.Position = _token.Span.Start;
        var regex = _lexer.ReadRegex();
        _previous = regex;
        _token = _lexer.Next(LexMode.Pipeline);
        return new RegexLiteral(regex.Value) { Span = regex.Span };
    }

    // ---- token plumbing ----

    private void Advance(LexMode mode = LexMode.Pipeline)
    {
        _previous = _token;
        _token = _lexer.Next(mode);
    }

    private void AdvanceScope() => Advance(LexMode.Scope);

    private void Expect(TokenKind kind, string what)
    {
        if (!_token.Is(kind))
        {
            throw Expected(what);
        }

        Advance();
    }

    private void ExpectScope(TokenKind kind, string what)
    {
        if (!_token.Is(kind))
        {
            throw Expected(what);
        }

        AdvanceScope();
    }

    private void ExpectEnd(string context)
    {
        if (!_token.Is(TokenKind.End))
        {
            throw Error(DiagnosticCode.UnexpectedToken, $"unexpected {_token.Describe()} {context}", _token.Span);
        }
    }

    private QueryException Expected(string what) =>
        Error(DiagnosticCode.Expected, $"expected {what} but found {_token.Describe()}", _token.Span);

    private QueryException Error(string code, string message, SourceSpan span) => _lexer.Error(code, message, span.Start, span.Length);
}
