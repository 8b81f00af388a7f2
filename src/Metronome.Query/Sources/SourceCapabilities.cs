namespace Metronome.Query.Sources;

/// <summary>Facts a source guarantees for the events of one scan.</summary>
/// <param name="DigitFieldsFromRaw">
/// Keys K for which ingest already extracted the integer that follows <c>K=</c> in <c>_raw</c>, under the
/// contract: for every event of the scan, the field K is present as a Long v if and only if searching
/// <c>_raw</c> with the .NET regex <c>K=(?&lt;K&gt;\d+)</c> succeeds, and then the captured text equals the
/// invariant decimal form of v (so no leading zeros, no overflow, first occurrence wins). A decoder that
/// cannot promise this for some line must not store K for that line under this name. With that promise,
/// <c>parse regex "K=(?&lt;K&gt;\d+)"</c> is answered from the field without reading <c>_raw</c>.
/// </param>
public sealed record SourceCapabilities(IReadOnlySet<string> DigitFieldsFromRaw)
{
    public static SourceCapabilities None { get; } = new(new HashSet<string>());
}
