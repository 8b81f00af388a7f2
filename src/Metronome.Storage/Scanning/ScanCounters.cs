namespace Metronome.Storage.Scanning;

/// <summary>Rows looked at and rows that matched, for query statistics.</summary>
public sealed class ScanCounters
{
    public long Scanned { get; set; }

    public long Matched { get; set; }
}
