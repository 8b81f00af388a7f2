using BenchmarkDotNet.Attributes;
using Metronome.Core.Events;
using Metronome.Ingest;

namespace Metronome.Benchmarks.Ingest;

/// <summary>One router syslog message to one event (RFC 5424 + logfmt + typed fields), per line.
/// Lines per second = 1e9 / Mean(ns).</summary>
[MemoryDiagnoser]
public class RouterLineBenchmarks
{
    private const int Lines = 1000;

    private readonly byte[][] _router = LogSamples.Messages(Lines, LogSamples.RouterLine);
    private readonly byte[][] _json = LogSamples.Messages(Lines, LogSamples.AppJsonLine);
    private readonly byte[][] _tagged = LogSamples.Messages(Lines, LogSamples.TaggedLine);
    private readonly List<Event> _events = new(Lines);
    private readonly List<DecodeError> _errors = [];

    [Benchmark(Baseline = true, OperationsPerInvoke = Lines)]
    public int RouterLine() => DecodeAll(_router);

    [Benchmark(OperationsPerInvoke = Lines)]
    public int AppJsonLine() => DecodeAll(_json);

    [Benchmark(OperationsPerInvoke = Lines)]
    public int TaggedJsonLine() => DecodeAll(_tagged);

    private int DecodeAll(byte[][] messages)
    {
        _events.Clear();
        _errors.Clear();
        foreach (var message in messages)
        {
            SyslogDecoder.Decode(message, LogSamples.Context, _events, _errors);
        }

        return _events.Count;
    }
}
