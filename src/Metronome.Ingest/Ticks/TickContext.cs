namespace Metronome.Ingest.Ticks;

/// <summary>What the HTTP layer knows about a tick request besides its body.</summary>
/// <param name="ReceiptTimeUs">When the request arrived, in whole milliseconds (<c>_receipttime</c>).</param>
/// <param name="NowUs">When it arrived to the microsecond: the time of a tick without <c>ts</c>, so that
/// hits a browser sends within one millisecond (a page load and its first navigation) keep their order
/// (sessions take their entry page from it). Defaults to the receipt time.</param>
public sealed record TickContext(string App, long ReceiptTimeUs, string? RefererHeader = null, long? NowUs = null)
{
    public long DefaultTimeUs => NowUs ?? ReceiptTimeUs;
}
