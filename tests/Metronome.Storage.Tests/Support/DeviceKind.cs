namespace Metronome.Storage.Tests.Support;

/// <summary>Where a storage test keeps its files: a real temporary directory or the in-memory device.</summary>
public enum DeviceKind
{
    Directory,
    Memory,
}

/// <summary>Theory data that runs a storage test once per device.</summary>
public static class Devices
{
    public static TheoryData<DeviceKind> Both => new() { DeviceKind.Directory, DeviceKind.Memory };
}
