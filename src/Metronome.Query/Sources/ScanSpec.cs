namespace Metronome.Query.Sources;

/// <summary>The part of a plan a source can answer itself: the app, the time range (microseconds,
/// from inclusive, to exclusive), the scope filter, the index-friendly facts derived from it, and the
/// fields the rest of the query reads.</summary>
/// <param name="Filter">The whole scope as a predicate; <see cref="ScanFilter.All"/> when there is none.</param>
/// <param name="RequiredTerms">Lower-cased terms (see <see cref="Terms"/>) that every matching event's
/// <c>_raw</c> contains: a necessary condition for a term index or bloom filter, not sufficient.</param>
/// <param name="RequiredFields">Field conditions every matching event satisfies (top-level AND of the
/// scope), for block min/max or dictionary pruning; also necessary, not sufficient.</param>
/// <param name="Fields">Field names the engine reads, case-insensitive; null means every field (raw queries).</param>
public sealed record ScanSpec(
    string App,
    long FromUs,
    long ToUs,
    ScanFilter Filter,
    IReadOnlyList<string> RequiredTerms,
    IReadOnlyList<FieldCondition> RequiredFields,
    IReadOnlySet<string>? Fields)
{
    public bool NeedsField(string name) => Fields is null || Fields.Contains(name);
}
