namespace Metronome.Query.Syntax.Ast;

/// <summary>The keyword expression before the first pipe.</summary>
public abstract record ScopeExpr : Node;

/// <summary>No scope, or a lone <c>*</c>: every message in the time range.</summary>
public sealed record ScopeAll : ScopeExpr;

/// <summary>A bare keyword, possibly with <c>*</c> and <c>?</c> wildcards: a whole-term match on <c>_raw</c>.</summary>
public sealed record KeywordTerm(string Text) : ScopeExpr;

/// <summary>A quoted phrase: adjacent terms, whitespace runs normalized.</summary>
public sealed record PhraseTerm(string Text) : ScopeExpr;

/// <summary><c>field=value</c> or <c>field!=value</c>: metadata or any field, keyword rules (case-insensitive,
/// wildcards unless quoted).</summary>
public sealed record FieldMatch(string Field, string Value, bool Quoted, bool Negated) : ScopeExpr;

public sealed record ScopeNot(ScopeExpr Operand) : ScopeExpr;

public sealed record ScopeAnd(ScopeExpr Left, ScopeExpr Right) : ScopeExpr;

public sealed record ScopeOr(ScopeExpr Left, ScopeExpr Right) : ScopeExpr;
