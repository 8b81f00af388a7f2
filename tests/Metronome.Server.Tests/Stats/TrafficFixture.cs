namespace Metronome.Server.Tests.Stats;

/// <summary>One server with <see cref="WebTraffic"/> posted, shared by the read-only stats tests.</summary>
public sealed class TrafficFixture : IAsyncLifetime
{
    public ServerFixture Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerFixture.StartAsync();
        await WebTraffic.PostAsync(Server);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
