using System.Text.RegularExpressions;
using Metronome.Core.Events;
using Metronome.Query.Sources;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>keyvalue</c>/<c>kv</c>. Infer mode finds each listed key (at a term boundary) followed by
/// <c>=</c>, <c>:</c> or <c>-&gt;</c> and takes a quoted value or the text up to whitespace, comma,
/// semicolon or ampersand; a message with none of the keys is dropped unless nodrop. Auto mode extracts
/// every pair (last duplicate wins, at most 100) and never drops. Regex mode takes (key, value) groups.</summary>
public sealed class KeyValueOperator : StreamingOperator
{
    private static readonly Regex PairPattern = new(
        @"(?<![\w.\-])(?<k>[A-Za-z_][\w.\-]*)\s*(?:=|:|->)\s*(?:""(?<v>[^""]*)""|(?<v>[^\s,;&""]*))",
        RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    private readonly int _source;
    private readonly string[] _keys;
    private readonly int[] _outputs;
    private readonly Regex? _regex;
    private readonly bool _auto;
    private readonly bool _nodrop;

    public KeyValueOperator(int source, string[] keys, int[] outputs, Regex? regex, bool auto, bool nodrop)
    {
        _source = source;
        _keys = keys;
        _outputs = outputs;
        _regex = regex;
        _auto = auto;
        _nodrop = nodrop;
    }

    /// <summary>The default output name of a key: every character outside [A-Za-z0-9_] becomes '_'.</summary>
    public static string OutputName(string key) => string.Create(key.Length, key, static (span, k) =>
    {
        for (var i = 0; i < k.Length; i++)
        {
            span[i] = char.IsAsciiLetterOrDigit(k[i]) || k[i] == '_' ? k[i] : '_';
        }
    });

    protected override void Process(RowBatch batch, QueryContext context)
    {
        var drop = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var value = Rows.Get(row, _source);
            var text = value.IsNull ? null : value.ToString();
            if (_auto)
            {
                if (text is not null)
                {
                    var count = 0;
                    for (var m = PairPattern.Match(text); m.Success && count < 100; m = m.NextMatch(), count++)
                    {
                        row = Rows.Set(row, context.Slots.GetOrAdd(OutputName(m.Groups["k"].Value)), m.Groups["v"].Value);
                    }
                }

                batch[i] = row;
                continue;
            }

            var any = false;
            for (var k = 0; k < _keys.Length; k++)
            {
                var found = text is null ? null : _regex is null ? Infer(text, _keys[k]) : FromRegex(text, _keys[k]);
                any |= found is not null;
                row = Rows.Set(row, _outputs[k], Values.Of(found));
            }

            if (!any && !_nodrop)
            {
                row = null!;
                drop = true;
            }

            batch[i] = row;
        }

        if (drop)
        {
            batch.RemoveWhere(static row => row is null);
        }
    }

    private static string? Infer(string text, string key)
    {
        var from = 0;
        while (true)
        {
            var at = text.IndexOf(key, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            from = at + 1;
            if (at > 0 && (Terms.IsTermChar(text[at - 1]) || text[at - 1] is '.' or '-'))
            {
                continue;
            }

            var i = at + key.Length;
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i < text.Length && text[i] is '=' or ':')
            {
                i++;
            }
            else if (i + 1 < text.Length && text[i] == '-' && text[i + 1] == '>')
            {
                i += 2;
            }
            else
            {
                continue;
            }

            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i < text.Length && text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                return close < 0 ? text[(i + 1)..] : text[(i + 1)..close];
            }

            var end = i;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not (',' or ';' or '&'))
            {
                end++;
            }

            return text[i..end];
        }
    }

    private string? FromRegex(string text, string key)
    {
        for (var m = _regex!.Match(text); m.Success; m = m.NextMatch())
        {
            if (m.Groups.Count >= 3 && m.Groups[1].Value == key)
            {
                return m.Groups[2].Value;
            }
        }

        // One-group form: find the key, then the nearest match after it.
        var at = text.IndexOf(key, StringComparison.Ordinal);
        if (at >= 0 && _regex.GetGroupNumbers().Length == 2)
        {
            var m = _regex.Match(text, at + key.Length);
            return m.Success ? m.Groups[1].Value : null;
        }

        return null;
    }
}
