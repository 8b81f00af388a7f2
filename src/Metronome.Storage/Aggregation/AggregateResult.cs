using Metronome.Core.Events;

namespace Metronome.Storage.Aggregation;

/// <summary>One output row: the group keys in query order, then the aggregate values (quantile kinds
/// contribute one value per quantile).</summary>
public sealed record AggregateRow(FieldValue[] Keys, FieldValue[] Values);

public sealed record AggregateResult(IReadOnlyList<AggregateRow> Rows, long Scanned, long Matched);
