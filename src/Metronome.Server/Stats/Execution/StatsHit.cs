using Metronome.Core.Events;

namespace Metronome.Server.Stats.Execution;

/// <summary>One web event in a stats dataset, with the index of the visit it belongs to.</summary>
public readonly record struct StatsHit(long Visitor, long TimeUs, bool IsPageview, Event Event, int Session);
