using Metronome.Bench.ClickHouse;

namespace Metronome.Bench.Harness;

/// <summary>The targets `--targets` can name. ClickHouse is built in; the Metronome side plugs in by
/// implementing <see cref="RegisterMetronome"/> in bench/Metronome.Bench/Metronome/.</summary>
public static partial class TargetRegistry
{
    public static IReadOnlyDictionary<string, Func<TargetContext, IBenchTarget>> Build()
    {
        var factories = new Dictionary<string, Func<TargetContext, IBenchTarget>>(StringComparer.OrdinalIgnoreCase)
        {
            [ClickHouseTarget.TargetName] = ClickHouseTarget.Create,
        };
        RegisterMetronome(factories);
        return factories;
    }

    /// <summary>
    /// The registration point for the Metronome target. Implement it in a file of its own:
    /// <code>
    /// namespace Metronome.Bench.Harness;
    /// public static partial class TargetRegistry
    /// {
    ///     static partial void RegisterMetronome(IDictionary&lt;string, Func&lt;TargetContext, IBenchTarget&gt;&gt; factories) =>
    ///         factories["metronome"] = context => new MetronomeTarget(context);
    /// }
    /// </code>
    /// Until then the call compiles to nothing and only ClickHouse is available.
    /// </summary>
    static partial void RegisterMetronome(IDictionary<string, Func<TargetContext, IBenchTarget>> factories);
}
