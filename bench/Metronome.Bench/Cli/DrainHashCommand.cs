using System.Globalization;
using System.Security.Cryptography;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest;

namespace Metronome.Bench.Cli;

/// <summary>
/// `metronome-bench drain-hash DIR`: decodes every body of DIR/bodies.logplex (DIR/bodies.index: offset, bytes
/// and lines per body) as the drain endpoint does (the drain token as <c>_sourcename</c>, <c>_drain</c> and a
/// frame id per body as tags) and prints a SHA-256 of the batches' bytes, names and errors: a change to the
/// decoder that must not change what it stores is checked by running this on the builds before and after.
/// </summary>
public static class DrainHashCommand
{
    public const string Usage = "usage: metronome-bench drain-hash DIR (holding bodies.logplex and bodies.index)";

    public static int Run(string directory)
    {
        string bodiesFile = Path.Combine(directory, "bodies.logplex");
        string indexFile = Path.Combine(directory, "bodies.index");
        if (!File.Exists(bodiesFile) || !File.Exists(indexFile))
        {
            Console.Error.WriteLine($"metronome-bench: no {bodiesFile} or {indexFile} (bench/drains/make-lines.py writes them)\n{Usage}");
            return 2;
        }

        byte[] bodies = File.ReadAllBytes(bodiesFile);
        var writer = new EventBatchWriter(256 * 1024);
        var errors = new List<DecodeError>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long events = 0;
        long bytes = 0;
        long errorCount = 0;
        int body = 0;
        foreach (string line in File.ReadLines(indexFile))
        {
            var fields = line.Split(' ');
            var context = BenchDrainContext.Of(1_763_700_000_000_000, $"1700000000-{body++}");
            writer.Clear();
            errors.Clear();
            LogplexDecoder.Decode(bodies.AsSpan(int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture)), context, writer, errors);
            var batch = writer.ToBatch();
            hash.AppendData(batch.Encoded.Span);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(string.Join(',', batch.Names) + "|" + string.Join(',', errors)));
            events += batch.Count;
            bytes += batch.Length;
            errorCount += errors.Count;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{body} bodies, {events} events, {bytes} batch bytes, {errorCount} errors; SHA-256 {Convert.ToHexString(hash.GetHashAndReset())}"));
        return 0;
    }
}
