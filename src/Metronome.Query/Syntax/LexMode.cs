namespace Metronome.Query.Syntax;

/// <summary>The scope (before the first pipe) and the pipeline have different word rules: a scope word
/// such as <c>d.98ee-47*</c> or <c>jsmith@*.com</c> is one token, while in the pipeline <c>.</c>,
/// <c>-</c> and <c>*</c> are operators.</summary>
public enum LexMode
{
    Pipeline,
    Scope,
}
