namespace Metronome.Query.Syntax.Ast;

/// <summary>Base of every syntax node. The span says where the node came from; it is deliberately left
/// out of equality so that <c>parse(print(ast)) == ast</c> holds although printing moves text around.</summary>
public abstract record Node
{
    public SourceSpan Span { get; init; }

    public virtual bool Equals(Node? other) => other is not null && EqualityContract == other.EqualityContract;

    public override int GetHashCode() => EqualityContract.GetHashCode();
}
