using Metronome.Core.Events;

namespace Metronome.Query.Sources;

/// <summary>A batch of scanned events. <see cref="FilterApplied"/> false means the events passed only a
/// coarse check (time, app, perhaps the term index) and the engine must still evaluate the scope filter.</summary>
public sealed record EventBatch(IReadOnlyList<Event> Events, bool FilterApplied);
