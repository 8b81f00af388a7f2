using Metronome.Core.Events.Batches;
using Metronome.Server.Drains;
using Metronome.Storage;

namespace Metronome.Server.Hosting;

/// <summary>The wire codecs of the server's endpoints. Whatever opens the store (the server, offline CLI
/// commands) registers them, since the log may hold requests in their wire form.</summary>
public static class ServerWireCodecs
{
    public static IReadOnlyList<IWireCodec> All { get; } = [new LogplexWireCodec()];

    /// <summary><paramref name="options"/> with every server codec it lacks added.</summary>
    public static StoreOptions WithServerCodecs(this StoreOptions options)
    {
        var missing = All.Where(codec => options.WireCodecs.All(c => c.Name != codec.Name)).ToList();
        return missing.Count == 0 ? options : options with { WireCodecs = [.. options.WireCodecs, .. missing] };
    }
}
