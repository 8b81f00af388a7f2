using System.Security.Cryptography;
using System.Text;

namespace Metronome.Server.Apps;

/// <summary>
/// Key material. A key is a kind prefix (<c>mw_</c> write, <c>mr_</c> read, <c>ma_</c> admin) and 32
/// random bytes in base64url. Keys carry 256 bits of entropy, so an unsalted SHA-256 is a safe stored
/// form and allows lookup by hash.
/// </summary>
public static class KeyTokens
{
    public static string Generate(KeyKind kind) =>
        PrefixOf(kind) + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string PrefixOf(KeyKind kind) => kind switch
    {
        KeyKind.Write => "mw_",
        KeyKind.Read => "mr_",
        _ => "ma_",
    };

    /// <summary>What listings show of a key: enough to recognise it, not to use it.</summary>
    public static string Visible(string token) => token[..Math.Min(token.Length, 9)] + "…";

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
