using Metronome.Query.Execution.Operators;

namespace Metronome.Query.Planning;

/// <summary>How the result's columns are decided: fixed slots known when binding, plus, for raw
/// messages, every other non-null field (alphabetically), and after transpose the columns it created.</summary>
public sealed record OutputColumns(IReadOnlyList<int> Fixed, bool ExpandFields, DynamicColumns? Dynamic, int DynamicAfter);
