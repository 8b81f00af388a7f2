using System.Globalization;

namespace Metronome.Query.Sources;

/// <summary>The definition of a keyword term, the same as the store's index: a maximal run of letters
/// (any script), decimal digits, combining marks and <c>_</c>, compared case-insensitively (lower-cased
/// with the invariant culture). Everything else separates terms.</summary>
public static class Terms
{
    public static bool IsTermChar(char c)
    {
        if (char.IsAsciiLetterOrDigit(c) || c == '_')
        {
            return true;
        }

        if (c < 128)
        {
            return false;
        }

        var category = char.GetUnicodeCategory(c);
        return char.IsLetter(c) || category is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }

    /// <summary>The lower-cased terms of a text, in order.</summary>
    public static List<string> Of(string text)
    {
        var terms = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsTermChar(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && IsTermChar(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                terms.Add(text[start..i].ToLowerInvariant());
            }
        }

        return terms;
    }

    /// <summary>Terms of a keyword that any match must contain whole: runs not touching a wildcard.</summary>
    public static List<string> RequiredOf(string keyword, bool phrase)
    {
        var terms = new List<string>();
        var i = 0;
        while (i < keyword.Length)
        {
            if (!IsTermChar(keyword[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < keyword.Length && IsTermChar(keyword[i]))
            {
                i++;
            }

            var touchesWildcard = (start > 0 && keyword[start - 1] is '*' or '?') || (i < keyword.Length && keyword[i] is '*' or '?');
            if (!touchesWildcard || phrase)
            {
                terms.Add(keyword[start..i].ToLowerInvariant());
            }
        }

        return terms;
    }
}
