namespace Metronome.Query.Syntax.Ast;

/// <summary>An expression of <c>where</c>, <c>if</c>, assignments and function arguments.</summary>
public abstract record Expr : Node;

public sealed record StringLiteral(string Value) : Expr;

/// <summary>A number as written (<c>3.14e+4</c>, <c>10k</c>, <c>1.5s</c>) and its value (time suffixes in ms).</summary>
public sealed record NumberLiteral(string Text, double Value) : Expr;

public sealed record BoolLiteral(bool Value) : Expr;

public sealed record NullLiteral : Expr;

public sealed record RegexLiteral(string Pattern) : Expr;

/// <summary>A field reference; names resolve case-insensitively.</summary>
public sealed record FieldRef(string Name) : Expr;

public enum UnaryOp
{
    Not,
    Negate,
}

public sealed record UnaryExpr(UnaryOp Op, Expr Operand) : Expr;

public enum BinaryOp
{
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

public sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right) : Expr;

/// <summary><c>x matches "glob*"</c> (whole-string wildcard), <c>x matches /re/</c> (regex search) or a
/// pattern computed by an expression (glob).</summary>
public sealed record MatchesExpr(Expr Subject, Expr Pattern, bool Negated) : Expr;

public sealed record InExpr(Expr Subject, NodeList<Expr> Items, bool Negated) : Expr;

/// <summary><c>cond ? a : b</c>; <c>if(cond, a, b)</c> is a <see cref="CallExpr"/> with the same meaning.</summary>
public sealed record ConditionalExpr(Expr Condition, Expr Then, Expr Else) : Expr;

public sealed record CallExpr(string Function, NodeList<Expr> Arguments) : Expr;
