using Microsoft.Extensions.DependencyInjection;

namespace Metronome.Server.Drains;

public static class DrainServiceCollectionExtensions
{
    /// <summary>Registers what <c>POST /drains/logplex</c> needs: its options and the frame ledger.</summary>
    public static IServiceCollection AddDrains(this IServiceCollection services, DrainOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<FrameLedger>();
        return services;
    }
}
