using Metronome.Core.Events;

namespace Metronome.Ingest.Ticks;

/// <summary>The good events of a request and an error per bad one; good ones are never dropped because
/// of bad neighbours.</summary>
public sealed class TickDecodeResult
{
    public List<Event> Events { get; } = [];

    public List<TickError> Errors { get; } = [];

    /// <summary>Set when the body as a whole could not be read (not JSON, empty, too many events).</summary>
    public TickError? BodyError { get; set; }
}
