namespace Metronome.Query.Diagnostics;

/// <summary>The one exception the engine throws for a bad query or a limit hit; the server maps it to a
/// 400 problem+json (<see cref="IsClientError"/>) carrying <see cref="Diagnostic"/>.</summary>
public sealed class QueryException : Exception
{
    public QueryException(Diagnostic diagnostic)
        : base(diagnostic.ToString())
    {
        Diagnostic = diagnostic;
    }

    public QueryException()
        : this(Diagnostic.Unpositioned(DiagnosticCode.Expected, "invalid query"))
    {
    }

    public QueryException(string message)
        : this(Diagnostic.Unpositioned(DiagnosticCode.Expected, message))
    {
    }

    public QueryException(string message, Exception inner)
        : base(message, inner)
    {
        Diagnostic = Diagnostic.Unpositioned(DiagnosticCode.Expected, message);
    }

    public Diagnostic Diagnostic { get; }

    public string Code => Diagnostic.Code;

    /// <summary>Syntax and meaning errors (1xxx-3xxx) and limits (4xxx) are all the client's to fix.</summary>
    public bool IsClientError => true;
}
