using System.Text;

namespace Metronome.Query.Syntax;

/// <summary>Reading of an anchor pattern (<c>parse "a=* b=*"</c>): literal segments around <c>*</c>
/// captures. Escapes <c>\n \r \t \\ \*</c> are decoded here, so <c>"To: *\n"</c> stops at a line break.</summary>
public static class AnchorPattern
{
    public static int CountCaptures(string pattern, out bool doubleStar)
    {
        var segments = Split(pattern);
        doubleStar = false;
        for (var i = 1; i < segments.Count - 1; i++)
        {
            if (segments[i].Length == 0)
            {
                doubleStar = true;
            }
        }

        return segments.Count - 1;
    }

    /// <summary>The literal segments: N captures give N+1 segments (first and last may be empty).</summary>
    public static List<string> Split(string pattern)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                current.Append(next switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => next,
                });
            }
            else if (c == '*')
            {
                segments.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        segments.Add(current.ToString());
        return segments;
    }
}
