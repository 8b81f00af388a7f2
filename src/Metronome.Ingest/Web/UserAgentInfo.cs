namespace Metronome.Ingest.Web;

/// <summary>What a user agent string says about the client. For bots, <see cref="Browser"/> is the bot's
/// name (<c>Googlebot</c>, <c>curl</c>, ...), so that bot traffic can be broken down like any other.</summary>
public sealed record UserAgentInfo(
    string? Browser,
    string? BrowserVersion,
    string? Os,
    string? OsVersion,
    DeviceClass Device,
    bool IsBot)
{
    public static readonly UserAgentInfo Unknown = new(null, null, null, null, DeviceClass.Desktop, false);
}
