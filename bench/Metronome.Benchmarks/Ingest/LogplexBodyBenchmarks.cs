using BenchmarkDotNet.Attributes;
using Metronome.Core.Events;
using Metronome.Ingest;

namespace Metronome.Benchmarks.Ingest;

/// <summary>Whole 100 KiB logplex bodies (framing + syslog + line families). Each operation is one line,
/// so lines per second = 1e9 / Mean(ns).</summary>
[MemoryDiagnoser]
public class LogplexBodyBenchmarks
{
    private const int RouterLines = 366;
    private const int MixedLines = 385;

    private readonly byte[] _routerBody;
    private readonly byte[] _mixedBody;
    private readonly List<Event> _events = new(1024);
    private readonly List<DecodeError> _errors = [];

    public LogplexBodyBenchmarks()
    {
        _routerBody = LogSamples.Body(LogSamples.RouterLine, out var routerLines);
        _mixedBody = LogSamples.Body(LogSamples.MixedLine, out var mixedLines);
        if (routerLines != RouterLines || mixedLines != MixedLines)
        {
            throw new InvalidOperationException($"sample bodies changed: {routerLines} router lines, {mixedLines} mixed lines; update the constants");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RouterLines)]
    public int RouterBody() => Decode(_routerBody);

    [Benchmark(OperationsPerInvoke = MixedLines)]
    public int MixedBody() => Decode(_mixedBody);

    private int Decode(byte[] body)
    {
        _events.Clear();
        _errors.Clear();
        return LogplexDecoder.Decode(body, LogSamples.Context, _events, _errors);
    }
}
