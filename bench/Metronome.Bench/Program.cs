using Metronome.Bench.Cli;

// metronome-bench: end-to-end benchmarks (see bench/README.md). Program.cs only dispatches.
const string usage = """
    usage: metronome-bench store [options]       the embedded store vs ClickHouse (issue 3); store --help for the options
           metronome-bench tick-load [options]   POST /tick load vs PostgreSQL (issue 2); tick-load --help for the options
           metronome-bench drain-parse BODY [S]  the logplex decoder alone on one thread, S seconds (issue 4)
           metronome-bench drain-hash DIR        a SHA-256 of what the decoder stores for DIR/bodies.logplex
    """;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
string commandLine = "metronome-bench " + string.Join(' ', args);

switch (args)
{
    case ["store", "--help" or "-h", ..]:
        Console.WriteLine(StoreOptions.Usage);
        return 0;
    case ["store", .. var rest]:
        var options = StoreOptions.Parse(rest, out string? error);
        if (options is null)
        {
            Console.Error.WriteLine($"metronome-bench: {error}\n\n{StoreOptions.Usage}");
            return 2;
        }
        return await StoreCommand.RunAsync(options, commandLine, cancel.Token);
    case ["tick-load", "--help" or "-h", ..]:
        Console.WriteLine(TickLoadOptions.Usage);
        return 0;
    case ["tick-load", .. var rest]:
        var tickOptions = TickLoadOptions.Parse(rest, out string? tickError);
        if (tickOptions is null)
        {
            Console.Error.WriteLine($"metronome-bench: {tickError}\n\n{TickLoadOptions.Usage}");
            return 2;
        }
        return await TickLoadCommand.RunAsync(tickOptions, commandLine, cancel.Token);
    case ["drain-parse", var bodyFile]:
        return DrainParseCommand.Run(bodyFile, 10);
    case ["drain-parse", var bodyFile, var seconds] when double.TryParse(seconds, System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0:
        return DrainParseCommand.Run(bodyFile, s);
    case ["drain-hash", var directory]:
        return DrainHashCommand.Run(directory);
    default:
        Console.Error.WriteLine(usage);
        return 2;
}
