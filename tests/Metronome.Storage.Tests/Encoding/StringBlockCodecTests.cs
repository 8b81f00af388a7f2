using Metronome.Storage.Encoding;

namespace Metronome.Storage.Tests.Encoding;

public class StringBlockCodecTests
{
    public static TheoryData<string, string[]> Blocks()
    {
        var random = new Random(12);
        return new TheoryData<string, string[]>
        {
            { "empty", [] },
            { "one empty string", [""] },
            { "one value", ["GET /index.html"] },
            { "unicode", ["héllo", "日本語", "emoji 🎉", "Ω", ""] },
            { "all equal", Enumerable.Repeat("router", 300).ToArray() },
            { "fixed width ids", Enumerable.Range(0, 300).Select(_ => Guid.NewGuid().ToString("N")).ToArray() },
            { "alternating lengths", Enumerable.Range(0, 301).Select(i => i % 2 == 0 ? "" : new string('x', 1000)).ToArray() },
            { "random", Enumerable.Range(0, 500).Select(_ => new string((char)random.Next('a', 'z'), random.Next(0, 40))).ToArray() },
        };
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Round_trips(string name, string[] values)
    {
        byte[] encoded = CodecAssert.Encode(output => StringBlockCodec.Encode(values, output));

        Assert.Equal(values.Length, StringBlockCodec.ReadCount(encoded));
        Assert.Equal(values, StringBlockCodec.Decode(encoded));
        _ = name;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Reader_exposes_the_utf8_bytes_of_each_value(string name, string[] values)
    {
        _ = name;
        byte[] encoded = CodecAssert.Encode(output => StringBlockCodec.Encode(values, output));
        var reader = new StringBlockReader(encoded, new int[values.Length + 1]);

        Assert.Equal(values.Length, reader.Count);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(reader.GetUtf8(i).SequenceEqual(System.Text.Encoding.UTF8.GetBytes(values[i])));
        }
    }

    [Fact]
    public void Rejects_truncation_header_damage_and_random_damage()
    {
        string[] values = ["alpha", "beta", "", "gamma ✓"];
        byte[] encoded = CodecAssert.Encode(output => StringBlockCodec.Encode(values, output));

        CodecAssert.RejectsEveryTruncation(encoded, bytes => StringBlockCodec.Decode(bytes));
        CodecAssert.RejectsEveryHeaderBitFlip(encoded, bytes => StringBlockCodec.Decode(bytes));
        CodecAssert.SurvivesRandomDamage(encoded, bytes => StringBlockCodec.Decode(bytes), seed: 13);
    }

    [Fact]
    public void Invalid_utf8_is_corrupt()
    {
        byte[] encoded = CodecAssert.Encode(output => StringBlockCodec.Encode(["ab"], output));
        encoded[^1] = 0xFF;
        Assert.Throws<CorruptDataException>(() => StringBlockCodec.Decode(encoded));
    }

    [Fact]
    public void Lone_surrogates_become_replacement_characters()
    {
        byte[] encoded = CodecAssert.Encode(output => StringBlockCodec.Encode(["a\uD800b"], output));
        Assert.Equal("a\uFFFDb", StringBlockCodec.Decode(encoded)[0]);
    }

    [Fact]
    public void Fixed_width_values_store_their_length_once()
    {
        string[] values = Enumerable.Range(0, 1000).Select(i => i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        byte[] encoded = CodecAssert.Encode(output => StringBlockCodec.Encode(values, output));
        Assert.True(encoded.Length <= 8000 + 6, $"{encoded.Length} bytes");
    }

    [Fact]
    public void Out_of_range_index_and_small_offset_buffer_are_argument_errors()
    {
        byte[] encoded = CodecAssert.Encode(output => StringBlockCodec.Encode(["a", "b"], output));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StringBlockReader(encoded).GetUtf8(2).Length);
        Assert.Throws<ArgumentException>(() => new StringBlockReader(encoded, new int[2]).Count);
    }

    [Fact]
    public void Null_strings_are_rejected()
    {
        string[] values = ["a", null!];
        Assert.Throws<ArgumentException>(() => CodecAssert.Encode(output => StringBlockCodec.Encode(values, output)));
    }
}
