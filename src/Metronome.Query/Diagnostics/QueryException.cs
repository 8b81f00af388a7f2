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

    /// <summary>A regex (parse, where, or one pushed into the store's scan) that ran past its time limit on one message.</summary>
    public static QueryException RegexTimeout(System.Text.RegularExpressions.RegexMatchTimeoutException e) =>
        new(Diagnostic.Unpositioned(DiagnosticCode.RegexTimeout,
            $"the regular expression took longer than {e.MatchTimeout.TotalSeconds:0} s on one message: {e.Pattern}"));

    public string Code => Diagnostic.Code;

    /// <summary>Syntax and meaning errors (1xxx-3xxx) and limits (4xxx) are all the client's to fix.</summary>
    public bool IsClientError => true;
}
