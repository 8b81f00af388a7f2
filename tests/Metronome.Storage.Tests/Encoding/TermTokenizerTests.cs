using Metronome.Storage.Encoding;

namespace Metronome.Storage.Tests.Encoding;

public class TermTokenizerTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("  ,;  ", new string[0])]
    [InlineData("Hello, World!", new[] { "hello", "world" })]
    [InlineData("request_id=abc-123 status=500", new[] { "request_id", "abc", "123", "status", "500" })]
    [InlineData("at=error code=H12 desc=\"Request timeout\"", new[] { "at", "error", "code", "h12", "desc", "request", "timeout" })]
    [InlineData("GET /api/v1/users?id=42", new[] { "get", "api", "v1", "users", "id", "42" })]
    [InlineData("_leading and trailing_", new[] { "_leading", "and", "trailing_" })]
    [InlineData("Straße ÉCOLE 日本語テキスト", new[] { "straße", "école", "日本語テキスト" })]
    [InlineData("नमस्ते दुनिया", new[] { "नमस्ते", "दुनिया" })]
    [InlineData("e\u0301cole", new[] { "e\u0301cole" })]
    [InlineData("emoji🎉between", new[] { "emoji", "between" })]
    [InlineData("𝐀𝐁 math", new[] { "𝐀𝐁", "math" })]
    [InlineData("lone\uD800surrogate", new[] { "lone", "surrogate" })]
    [InlineData("192.168.0.1:8080", new[] { "192", "168", "0", "1", "8080" })]
    public void Splits_text_into_lower_case_terms(string text, string[] expected) =>
        Assert.Equal(expected, TermTokenizer.Terms(text));

    [Theory]
    [InlineData("Hello, World! request_id=ABC-123")]
    [InlineData("Straße ÉCOLE 日本語 नमस्ते 𝐀𝐁 K")]
    [InlineData("")]
    public void Term_hashes_match_the_query_side(string text)
    {
        var hashes = new List<ulong>();
        foreach (ulong hash in TermTokenizer.EnumerateTermHashes(text))
        {
            hashes.Add(hash);
        }

        Assert.Equal(TermTokenizer.Terms(text).Select(Hash64.Hash).ToList(), hashes);
        Assert.Equal(TermTokenizer.Terms(text).Select(Hash64.HashOrdinalIgnoreCase).ToList(), hashes);
    }

    [Fact]
    public void Long_terms_hash_like_short_ones()
    {
        string longTerm = new('A', 1000);
        ulong single = 0;
        foreach (ulong hash in TermTokenizer.EnumerateTermHashes(" " + longTerm + " "))
        {
            single = hash;
        }

        Assert.Equal(Hash64.Hash(longTerm.ToLowerInvariant()), single);
    }

    [Fact]
    public void ForEachTermHash_passes_state_without_closures()
    {
        int count = 0;
        TermTokenizer.ForEachTermHash("one two three", ref count, static (ref int state, ulong _) => state++);
        Assert.Equal(3, count);
    }

    [Fact]
    public void Enumerating_term_hashes_does_not_allocate()
    {
        string text = "at=info method=GET path=\"/drains/logplex\" host=example.com request_id=8601b555 fwd=\"10.0.0.1\" dyno=web.1 connect=1ms service=18ms status=200 bytes=1234";
        ulong sink = 0;
        foreach (ulong hash in TermTokenizer.EnumerateTermHashes(text))
        {
            sink ^= hash;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            foreach (ulong hash in TermTokenizer.EnumerateTermHashes(text))
            {
                sink ^= hash;
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0UL, sink);
    }

    [Theory]
    [InlineData("<158>1 2026-11-21T09:21:29.788417+00:00 host heroku router - at=info method=GET path=\"/login\" request_id=392456de-3eb1 fwd=\"27.173.189.228\" STATUS=404 ERR_CONN_RESET")]
    [InlineData("Hello, World! request_id=ABC-123 __ _ a_b_C")]
    [InlineData("Straße ÉCOLE 日本語 नमस्ते 𝐀𝐁 K mixed ASCII AND Ünïcödé")]
    [InlineData("")]
    [InlineData("   ...   ")]
    [InlineData("x")]
    public void Term_hashes_of_utf8_match_those_of_the_decoded_text(string text) =>
        Assert.Equal(CharHashes(text), Utf8Hashes(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Term_hashes_of_utf8_match_for_long_terms_and_random_ascii()
    {
        var random = new Random(7);
        const string alphabet = "aZ_09 .-=\"/:Q\tx";
        for (int round = 0; round < 300; round++)
        {
            int length = round % 50 == 0 ? 700 : random.Next(0, 120);
            var text = new string(Enumerable.Range(0, length).Select(i => round % 50 == 0 ? (char)('A' + (i % 26)) : alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.Equal(CharHashes(text), Utf8Hashes(System.Text.Encoding.UTF8.GetBytes(text)));
        }
    }

    /// <summary>The ASCII path marks term bytes 16 at a time in 64-bit words: terms that cross a word or a
    /// vector, end exactly at one, or fill a whole line longer than the stack buffers.</summary>
    [Fact]
    public void Term_hashes_of_utf8_match_at_every_length_around_the_bitmap_words()
    {
        var random = new Random(11);
        int[] lengths = [1, 15, 16, 17, 31, 32, 63, 64, 65, 127, 128, 129, 1023, 1024, 1025, 2048, 2049, 5000];
        foreach (int length in lengths)
        {
            foreach (string alphabet in new[] { "ab_Z09", "a .", "-", "x" })
            {
                var text = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
                Assert.Equal(CharHashes(text), Utf8Hashes(System.Text.Encoding.UTF8.GetBytes(text)));
            }
        }
    }

    [Fact]
    public void Collecting_term_hashes_grows_the_rented_array_and_keeps_earlier_hashes()
    {
        var text = string.Join(' ', Enumerable.Range(0, 100).Select(i => "term" + i));
        var collector = new TermHashCollector(4);
        try
        {
            collector.Add(System.Text.Encoding.UTF8.GetBytes("first"));
            collector.Add(System.Text.Encoding.UTF8.GetBytes(text));
            Assert.Equal(101, collector.Hashes.Length);
            Assert.Equal(Hash64.Hash("first"), collector.Hashes[0]);
            Assert.Equal(CharHashes(text), collector.Hashes[1..].ToArray());
        }
        finally
        {
            collector.Dispose();
        }
    }

    [Fact]
    public void With_a_table_of_seen_short_terms_each_short_term_is_hashed_once_and_longer_ones_every_time()
    {
        // "get"/"GET" are one term; "abcdefgh" (8 bytes) is the longest kept in the table; "abcdefg" and
        // "abcdefgh" and "abcdefgh1" differ only past a shorter one's end; the last term ends its value.
        string[] values = ["GET /a abcdefg abcdefgh abcdefghi", "get a b abcdefgh abcdefghi", "x abcdefgh1 abcdefg a", "a GET"];
        Span<ulong> seen = new ulong[TermHashCollector.SeenShortTermSlots];
        var collector = new TermHashCollector(4, seen, default);
        try
        {
            foreach (var value in values)
            {
                collector.Add(System.Text.Encoding.UTF8.GetBytes(value));
            }

            string[] expected = ["get", "a", "abcdefg", "abcdefgh", "abcdefghi", "b", "abcdefghi", "x", "abcdefgh1"];
            Assert.Equal(expected.Select(t => Hash64.Hash(System.Text.Encoding.UTF8.GetBytes(t))), collector.Hashes.ToArray());
        }
        finally
        {
            collector.Dispose();
        }
    }

    /// <summary>Terms of up to 16 bytes are hashed from their bytes in registers: every length, against the hash
    /// of the bytes in memory.</summary>
    [Fact]
    public void Hashing_up_to_16_bytes_from_registers_matches_hashing_them_from_memory()
    {
        var random = new Random(13);
        var bytes = new byte[16];
        for (int round = 0; round < 2000; round++)
        {
            random.NextBytes(bytes);
            int length = 1 + (round % 16);
            ulong first = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            ulong second = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8));
            first &= length >= 8 ? ulong.MaxValue : (1UL << (8 * length)) - 1;
            second = length <= 8 ? 0 : second & (length == 16 ? ulong.MaxValue : (1UL << (8 * (length - 8))) - 1);
            Assert.Equal(Hash64.Hash(bytes.AsSpan(0, length)), Hash64.Hash(first, second, length));
        }
    }

    private static List<ulong> CharHashes(string text)
    {
        var hashes = new List<ulong>();
        foreach (ulong hash in TermTokenizer.EnumerateTermHashes(text))
        {
            hashes.Add(hash);
        }

        return hashes;
    }

    private static List<ulong> Utf8Hashes(byte[] utf8)
    {
        var collector = new TermHashCollector(4);
        try
        {
            collector.Add(utf8);
            return [.. collector.Hashes];
        }
        finally
        {
            collector.Dispose();
        }
    }
}
