using Metronome.Storage.Encoding;
using Metronome.Storage.Segments;

namespace Metronome.Storage.Tests.Segments;

/// <summary>Segments on disk and the query side depend on the term filter's bytes: the builder must give the
/// filter <see cref="ReferenceTermBloom"/> builds from decoded strings, bit for bit, and keep the same hashes in
/// the same order (the sketch that sizes the filter depends on that order, see
/// <see cref="A_block_whose_filter_size_depends_on_the_order_of_its_hashes_keeps_it"/>).</summary>
public sealed class TermBloomIdentityTests
{
    private const string Separators = " .,;:=\"'/-+()[]{}<>?!#@$%^&*|\\~`\t\n\0\x7f";

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(150)]
    [InlineData(600)]
    [InlineData(4000)]
    public void Router_lines_give_the_reference_filter(int lines)
    {
        var random = new Random(lines);
        AssertSameAsReference([.. Enumerable.Range(0, lines).Select(_ => Utf8(RouterLine(random)))]);
    }

    [Fact]
    public void Random_ascii_of_every_byte_and_case_gives_the_reference_filter()
    {
        var random = new Random(3);
        for (int block = 0; block < 40; block++)
        {
            var values = Enumerable.Range(0, random.Next(1, 200)).Select(_ =>
            {
                int length = random.Next(8) == 0 ? random.Next(1000, 3000) : random.Next(0, 300);
                string alphabet = random.Next(3) switch
                {
                    0 => "aB_9 .",
                    1 => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_" + Separators,
                    _ => new string([.. Enumerable.Range(0, 128).Select(c => (char)c)]),
                };
                return Utf8(new string([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]));
            });
            AssertSameAsReference([.. values]);
        }
    }

    [Fact]
    public void Non_ascii_and_invalid_utf8_values_among_ascii_ones_give_the_reference_filter()
    {
        var random = new Random(4);
        string[] words = ["Straße", "ÉCOLE", "日本語テキスト", "नमस्ते", "𝐀𝐁", "emoji🎉between", "e\u0301cole", "GET", "request_id", "ERR_CONN_RESET", "x"];
        for (int block = 0; block < 30; block++)
        {
            var values = Enumerable.Range(0, random.Next(1, 120)).Select(_ =>
            {
                var bytes = Utf8(string.Join(Separators[random.Next(Separators.Length)], Enumerable.Range(0, random.Next(0, 40)).Select(_ => words[random.Next(words.Length)])));
                if (bytes.Length > 0 && random.Next(5) == 0)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100); // a stray or broken sequence
                }

                return bytes;
            });
            AssertSameAsReference([.. values]);
        }
    }

    /// <summary>Terms of 1 to 8 bytes (the table of short terms), 9 to 16 (hashed from two registers), 17 and up
    /// (hashed from memory), at every offset around the scan's 64-byte words, including those that end a value
    /// or start in its last 8 bytes (past which the table is not used), and values of whole words.</summary>
    [Fact]
    public void Terms_of_every_length_class_at_every_offset_around_64_byte_words_give_the_reference_filter()
    {
        var random = new Random(5);
        int[] lengths = [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 63, 64, 65, 130];
        var values = new List<byte[]>();
        foreach (int length in lengths)
        {
            for (int offset = 0; offset < 72; offset++)
            {
                string term = RandomTerm(random, length);
                string text = new string(' ', offset) + term + (random.Next(2) == 0 ? "" : " " + RandomTerm(random, random.Next(1, 10)));
                values.Add(Utf8(text));
                values.Add(Utf8(text.PadRight((text.Length + 63) / 64 * 64, '=')));
                values.Add(Utf8((text + " " + term).PadLeft(128, '-')));
            }
        }

        AssertSameAsReference([.. values]);
        AssertSameAsReference([.. values.Take(300)]);
    }

    /// <summary>The sketch keeps up to 512 distinct hashes exactly, in an array of up to 1024 that it compacts
    /// when full; a block of 513 to 1024 distinct terms stays exact or turns into registers (a slightly different
    /// estimate, so maybe another filter size) depending on how many repeats it was given, and when. This block
    /// is such a one: keeping every term's hash instead of dropping repeats gives a filter of another size.</summary>
    [Fact]
    public void A_block_whose_filter_size_depends_on_the_order_of_its_hashes_keeps_it()
    {
        const string termChars = "abcdefghijklmnopqrstuvwxyz0123456789_";
        var random = new Random(0);
        var vocabulary = Enumerable.Range(0, 700).Select(i => new string([.. Enumerable.Range(0, 1 + (i % 14)).Select(_ => termChars[random.Next(termChars.Length)])])).ToArray();
        byte[][] values = [.. Enumerable.Range(0, 200).Select(_ => Utf8(string.Join(' ', Enumerable.Range(0, 12).Select(_ => vocabulary[random.Next(vocabulary.Length)]))))];

        AssertSameAsReference(values);
        Assert.NotEqual(ReferenceTermBloom.Encoded(values).Length, EveryTermHashFilter(values).Length);
    }

    private static void AssertSameAsReference(byte[][] values)
    {
        Assert.Equal(ReferenceTermBloom.KeptHashes(values), KeptHashes(values));
        Assert.Equal(ReferenceTermBloom.Encoded(values), ReferenceTermBloom.Encoded(TermBloom.Build(new Values(values))));
    }

    private static List<ulong> KeptHashes(byte[][] values)
    {
        Span<ulong> seenShortTerms = new ulong[TermHashCollector.SeenShortTermSlots];
        Span<ulong> recentHashes = new ulong[TermHashCollector.RecentHashSlots];
        var collector = new TermHashCollector(4, seenShortTerms, recentHashes);
        try
        {
            foreach (var value in values)
            {
                collector.Add(value);
            }

            return [.. collector.Hashes];
        }
        finally
        {
            collector.Dispose();
        }
    }

    /// <summary>The filter of every term's hash, repeats and all.</summary>
    private static byte[] EveryTermHashFilter(byte[][] values)
    {
        var collector = new TermHashCollector(4);
        try
        {
            foreach (var value in values)
            {
                collector.Add(value);
            }

            var distinct = new Metronome.Storage.Sketches.HyperLogLog(12);
            foreach (ulong hash in collector.Hashes)
            {
                distinct.Add(hash);
            }

            var filter = Metronome.Storage.Sketches.BloomFilter.Create((int)Math.Max(16, distinct.Estimate()), 0.01);
            foreach (ulong hash in collector.Hashes)
            {
                filter.Add(hash);
            }

            return ReferenceTermBloom.Encoded(filter);
        }
        finally
        {
            collector.Dispose();
        }
    }

    private static string RandomTerm(Random random, int length)
    {
        const string termChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
        return new string([.. Enumerable.Range(0, length).Select(_ => termChars[random.Next(termChars.Length)])]);
    }

    /// <summary>A Heroku router line as a drain delivers it: distinct times, request ids and clients.</summary>
    private static string RouterLine(Random random)
    {
        string[] paths = ["/", "/cart_link", "/api/v1/items?page=2", "/assets/app-3f2a.js", "/api/Schlachter 1951/books", "/login", "/health"];
        string[] methods = ["GET", "GET", "GET", "POST", "PUT"];
        var id = new byte[16];
        random.NextBytes(id);
        return $"<158>1 2026-11-21T16:{random.Next(10, 59)}:{random.Next(10, 59)}.{random.Next(100000, 999999)}+00:00 host heroku router - at=info "
            + $"method={methods[random.Next(methods.Length)]} path=\"{paths[random.Next(paths.Length)]}\" host=lumberjack-store.timber.io "
            + $"request_id={new Guid(id)} fwd=\"{random.Next(1, 255)}.{random.Next(255)}.{random.Next(255)}.{random.Next(255)}\" dyno=web.{random.Next(1, 4)} "
            + $"connect={random.Next(0, 3)}ms service={random.Next(1, 900)}ms status={(random.Next(10) == 0 ? 404 : 200)} bytes={random.Next(200, 90000)} protocol=https";
    }

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private readonly struct Values(byte[][] values) : IUtf8Values
    {
        public int Count => values.Length;

        public ReadOnlySpan<byte> this[int index] => values[index];
    }
}
