namespace Metronome.Query.Syntax.Ast;

/// <summary>A whole query: the keyword scope before the first pipe, then the pipeline stages.</summary>
public sealed record QueryNode(ScopeExpr Scope, NodeList<Stage> Stages) : Node;
