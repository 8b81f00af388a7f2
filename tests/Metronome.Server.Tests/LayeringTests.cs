using System.Reflection;

namespace Metronome.Server.Tests;

/// <summary>Dependencies point one way: server -> query, ingest -> storage -> core.</summary>
public sealed class LayeringTests
{
    public static TheoryData<string, string[]> Allowed => new()
    {
        { "Metronome.Core", [] },
        { "Metronome.Storage", ["Metronome.Core"] },
        { "Metronome.Ingest", ["Metronome.Core"] },
        { "Metronome.Query", ["Metronome.Core", "Metronome.Storage"] },
        { "Metronome.Server", ["Metronome.Core", "Metronome.Storage", "Metronome.Ingest", "Metronome.Query"] },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Each_layer_references_only_the_layers_below_it(string assembly, string[] allowed)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(name => name.StartsWith("Metronome.", StringComparison.Ordinal))
            .ToList();
        Assert.All(references, name => Assert.Contains(name, allowed));
    }
}
