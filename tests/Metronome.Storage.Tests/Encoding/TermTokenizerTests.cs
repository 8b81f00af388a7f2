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
}
