namespace Metronome.Query.Sources;

/// <summary>The scope (keyword expression) in a form a storage engine can translate without knowing the
/// query syntax. Semantics are in <see cref="ScanFilterMatcher"/> and docs/query-language.md.</summary>
public abstract record ScanFilter
{
    public static ScanFilter All { get; } = new MatchAll();
}

public sealed record MatchAll : ScanFilter;

/// <summary>A keyword on <c>_raw</c>, case-insensitive, starting and ending on term boundaries;
/// <c>*</c> any run of non-space characters and <c>?</c> one, unless <see cref="Phrase"/>, where
/// whitespace runs match any whitespace run and <c>*</c> stands for one whole term.</summary>
public sealed record KeywordFilter(string Text, bool Phrase, IReadOnlyList<string> Terms) : ScanFilter;

/// <summary>The whole value of a field (metadata or any field) compared case-insensitively, with
/// <c>*</c>/<c>?</c> wildcards unless quoted. A pattern of only <c>*</c> matches every event, even one
/// without the field, so that a dashboard's "all" never drops messages.</summary>
public sealed record FieldCondition(string Field, string Pattern, bool Wildcards) : ScanFilter;

/// <summary>A <c>where</c> condition moved into the scan: the field is present and its text form contains
/// a match of the .NET regex <see cref="Pattern"/> (culture-invariant, no other options), which is how
/// the planner states <c>matches</c>, <c>contains()</c> and string (in)equality exactly (see
/// <see cref="Planning.WherePushdown"/>). When <see cref="AnyOf"/> is set, a matching value also equals
/// one of those texts case-insensitively: a hint for a case-insensitive index, not a further condition.</summary>
public sealed record FieldRegexFilter(string Field, string Pattern, IReadOnlyList<string>? AnyOf) : ScanFilter;

public sealed record NotFilter(ScanFilter Operand) : ScanFilter;

public sealed record AndFilter(IReadOnlyList<ScanFilter> Operands) : ScanFilter;

public sealed record OrFilter(IReadOnlyList<ScanFilter> Operands) : ScanFilter;
