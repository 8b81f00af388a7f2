namespace Metronome.Server.Apps;

/// <summary>What a key may do. Write keys are public (they go into web pages) and may only add data;
/// read keys may only read; the admin token manages apps and keys.</summary>
public enum KeyKind
{
    Write,
    Read,
    Admin,
}
