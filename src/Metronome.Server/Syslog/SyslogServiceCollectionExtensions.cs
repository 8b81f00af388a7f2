using Microsoft.Extensions.DependencyInjection;

namespace Metronome.Server.Syslog;

public static class SyslogServiceCollectionExtensions
{
    /// <summary>Registers the TCP and UDP listeners (each idle unless its port is set).</summary>
    public static IServiceCollection AddSyslogListeners(this IServiceCollection services, SyslogOptions options)
    {
        if (options.Enabled && string.IsNullOrWhiteSpace(options.App))
        {
            throw new ArgumentException("the syslog listeners need the app their events go to (--syslog-app)", nameof(options));
        }

        services.AddSingleton(options);
        services.AddSingleton<SyslogTcpListener>();
        services.AddSingleton<SyslogUdpListener>();
        services.AddHostedService(sp => sp.GetRequiredService<SyslogTcpListener>());
        services.AddHostedService(sp => sp.GetRequiredService<SyslogUdpListener>());
        return services;
    }
}
