using System.Net;

namespace Metronome.Server.Syslog;

internal static class SyslogAddress
{
    public static IPAddress Parse(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "0.0.0.0" => IPAddress.Any,
        _ => IPAddress.Parse(host),
    };
}
