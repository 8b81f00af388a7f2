using BenchmarkDotNet.Attributes;
using Metronome.Storage.Encoding;

namespace Metronome.Benchmarks.StorageEncoding;

/// <summary>Hashing every term of a typical Heroku router line, as the keyword index does at ingest.</summary>
[MemoryDiagnoser]
public class TermTokenizerBenchmarks
{
    private const string RouterLine =
        "at=info method=GET path=\"/api/v1/users/42?include=profile\" host=metronome.example.com " +
        "request_id=8601b555-6a83-4c12-8b6f-1f2e4d3c2b1a fwd=\"203.0.113.7\" dyno=web.1 connect=1ms " +
        "service=18ms status=200 bytes=1234 protocol=https";

    [Benchmark]
    public ulong HashTerms()
    {
        ulong combined = 0;
        foreach (ulong hash in TermTokenizer.EnumerateTermHashes(RouterLine))
        {
            combined ^= hash;
        }

        return combined;
    }
}
