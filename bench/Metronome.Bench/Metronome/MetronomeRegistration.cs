using Metronome.Bench.Metronome;

namespace Metronome.Bench.Harness;

/// <summary>Plugs the Metronome target into the registry (see <see cref="TargetRegistry.Build"/>).</summary>
public static partial class TargetRegistry
{
    static partial void RegisterMetronome(IDictionary<string, Func<TargetContext, IBenchTarget>> factories) =>
        factories[MetronomeTarget.TargetName] = context => new MetronomeTarget(context);
}
