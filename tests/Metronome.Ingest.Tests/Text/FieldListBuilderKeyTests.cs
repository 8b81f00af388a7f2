using Metronome.Ingest.Text;

namespace Metronome.Ingest.Tests.Text;

/// <summary>The builder's key comparison (with its first-character shortcut) must agree with
/// <see cref="StringComparison.OrdinalIgnoreCase"/> everywhere, non-ASCII case mappings included.</summary>
public class FieldListBuilderKeyTests
{
    private static readonly string[] Alphabet = ["a", "A", "z", "Z", "_", "@", "`", "[", "{", "0", "é", "É", "ı", "I", "i", "İ", "ſ", "s", "S", "K", "k", "\u212A", "ß", "ẞ", "~", "^", "\u007F"];

    [Fact]
    public void Key_matching_agrees_with_ordinal_ignore_case()
    {
        var random = new Random(4242);
        for (int i = 0; i < 20000; i++)
        {
            var a = RandomKey(random);
            var b = random.Next(3) == 0 ? Flip(a, random) : RandomKey(random);
            var fields = new FieldListBuilder();
            fields.AddReserved(a, 1L);

            Assert.True(string.Equals(a, b, StringComparison.OrdinalIgnoreCase) == fields.ContainsKey(b), $"'{a}' vs '{b}'");
        }
    }

    [Fact]
    public void Set_replaces_a_parsed_key_in_another_case_and_keeps_the_others()
    {
        var fields = new FieldListBuilder();
        fields.AddReserved("_sourcename", "s");
        fields.Add("status", 200L);
        fields.Add("_Drain", "parsed");

        fields.Set("_drain", "tag");

        Assert.Equal(["_sourcename", "status", "_drain"], fields.ToArray().Select(f => f.Key));
        Assert.Equal("tag", fields.ToArray()[2].Value.AsString);
    }

    private static string RandomKey(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Alphabet[random.Next(Alphabet.Length)]));

    private static string Flip(string key, Random random) =>
        string.Concat(key.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));
}
