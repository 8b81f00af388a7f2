using System.Globalization;
using System.Text;

namespace Metronome.Ingest.Web;

/// <summary>
/// The text format of the salt file: a version line, then one <c>yyyy-MM-dd base64</c> line per day.
/// <code>
/// metronome-salts 1
/// 2026-11-20 q0vW...=
/// 2026-11-21 3Jx9...=
/// </code>
/// </summary>
internal static class SaltFile
{
    public const int SaltLength = 32;
    private const string Header = "metronome-salts 1";

    public static string Format(SortedDictionary<DateOnly, byte[]> salts)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var (day, salt) in salts)
        {
            text.Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(' ')
                .Append(Convert.ToBase64String(salt)).Append('\n');
        }

        return text.ToString();
    }

    public static SortedDictionary<DateOnly, byte[]> Parse(string text, string path)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new InvalidDataException($"{path}: not a Metronome salt file (expected the first line '{Header}')");
        }

        var salts = new SortedDictionary<DateOnly, byte[]>();
        for (var i = 1; i < lines.Length; i++)
        {
            var parts = lines[i].Split(' ');
            if (parts.Length != 2
                || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || !TryDecode(parts[1], out var salt))
            {
                throw new InvalidDataException($"{path}: line {i + 1} is not '<yyyy-MM-dd> <base64 of {SaltLength} bytes>'");
            }

            salts[day] = salt;
        }

        return salts;
    }

    private static bool TryDecode(string base64, out byte[] salt)
    {
        salt = new byte[SaltLength];
        return Convert.TryFromBase64String(base64, salt, out var written) && written == SaltLength;
    }
}
