namespace Metronome.Ingest.Web;

/// <summary>The kind of device a user agent runs on. Bots are desktop unless they say otherwise.</summary>
public enum DeviceClass
{
    Desktop,
    Mobile,
    Tablet,
}

public static class DeviceClassNames
{
    /// <summary>The value stored in the <c>device</c> field.</summary>
    public static string ToFieldValue(this DeviceClass device) => device switch
    {
        DeviceClass.Mobile => "mobile",
        DeviceClass.Tablet => "tablet",
        _ => "desktop",
    };
}
