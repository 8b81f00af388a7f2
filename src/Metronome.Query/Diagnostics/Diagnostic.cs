namespace Metronome.Query.Diagnostics;

/// <summary>One error with its stable code and where it happened in the query text the user wrote
/// (positions are mapped back through template-variable substitution).</summary>
public sealed record Diagnostic(string Code, string Message, int Line, int Column, int Offset, int Length)
{
    /// <summary>For errors that have no place in the text (limits hit while running).</summary>
    public static Diagnostic Unpositioned(string code, string message) => new(code, message, 0, 0, -1, 0);

    public bool HasPosition => Offset >= 0;

    public override string ToString() =>
        HasPosition ? $"{Code}: {Message} at {Line}:{Column}" : $"{Code}: {Message}";
}
