using static Metronome.Ingest.Web.UserAgentText;

namespace Metronome.Ingest.Web;

/// <summary>Operating system, its version and the device class, by ordered rules: the first rule whose
/// token appears wins, so more specific platforms (Windows Phone, iPad, Android) come before the generic
/// ones (Linux) whose tokens they also carry.</summary>
internal static class OsRules
{
    public static (string? Os, string? Version, DeviceClass Device) Detect(ReadOnlySpan<char> ua)
    {
        if (Has(ua, "Windows Phone"))
        {
            return ("Windows Phone", VersionAfter(ua, "Windows Phone "), DeviceClass.Mobile);
        }

        if (Has(ua, "Windows NT "))
        {
            return ("Windows", WindowsVersion(VersionAfter(ua, "Windows NT ")), DeviceClass.Desktop);
        }

        if (Has(ua, "iPad"))
        {
            return ("iPadOS", VersionAfter(ua, "CPU OS "), DeviceClass.Tablet);
        }

        if (Has(ua, "iPhone") || Has(ua, "iPod"))
        {
            return ("iOS", VersionAfter(ua, "iPhone OS ") ?? VersionAfter(ua, "CPU OS "), DeviceClass.Mobile);
        }

        if (Has(ua, "CrOS "))
        {
            return ("ChromeOS", ChromeOsVersion(ua), DeviceClass.Desktop);
        }

        if (Has(ua, "KAIOS"))
        {
            return ("KaiOS", VersionAfter(ua, "KAIOS/"), DeviceClass.Mobile);
        }

        if (Has(ua, "Android"))
        {
            // Android tablets leave out "Mobile"; Firefox says "Tablet" outright.
            var device = Has(ua, "Mobile") && !Has(ua, "Tablet") ? DeviceClass.Mobile : DeviceClass.Tablet;
            return ("Android", VersionAfter(ua, "Android "), device);
        }

        if (Has(ua, "Macintosh") || Has(ua, "Mac OS X"))
        {
            return IsIPadInDesktopMode(ua)
                ? ("iPadOS", VersionAfter(ua, "Version/"), DeviceClass.Tablet)
                : ("macOS", VersionAfter(ua, "Mac OS X "), DeviceClass.Desktop);
        }

        if (Has(ua, "Linux") || Has(ua, "X11"))
        {
            return ("Linux", null, DeviceClass.Desktop);
        }

        // Feature phones (J2ME, Opera Mini) name no OS we track but are phones all the same.
        var phone = Has(ua, "Mobile") || Has(ua, "J2ME") || Has(ua, "Opera Mini");
        return (null, null, phone ? DeviceClass.Mobile : DeviceClass.Desktop);
    }

    /// <summary>iPads ask for desktop sites with a Mac user agent. Safari's is indistinguishable from a
    /// Mac's, but in-app web views keep the "Mobile/15E148" build token, and Chrome, Firefox and Edge for
    /// iOS keep their iOS-only product tokens.</summary>
    private static bool IsIPadInDesktopMode(ReadOnlySpan<char> ua) =>
        Has(ua, "Mobile/") || Has(ua, "CriOS/") || Has(ua, "FxiOS/") || Has(ua, "EdgiOS/");

    private static string? WindowsVersion(string? nt) => nt switch
    {
        "10.0" => "10", // Windows 11 also says 10.0; only client hints tell them apart.
        "6.3" => "8.1",
        "6.2" => "8",
        "6.1" => "7",
        "6.0" => "Vista",
        "5.1" or "5.2" => "XP",
        _ => nt,
    };

    /// <summary>"CrOS x86_64 14541.0.0": the version follows the architecture.</summary>
    private static string? ChromeOsVersion(ReadOnlySpan<char> ua)
    {
        var rest = ua[(ua.IndexOf("CrOS ", StringComparison.Ordinal) + 5)..];
        var space = rest.IndexOf(' ');
        return space < 0 ? null : ReadVersion(rest[(space + 1)..]);
    }
}
