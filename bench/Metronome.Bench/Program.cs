using Metronome.Bench.Cli;

// metronome-bench: end-to-end benchmarks (see bench/README.md). Program.cs only dispatches.
const string usage = "usage: metronome-bench store [options]   (metronome-bench store --help for the options)";

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
        using (var cancel = new CancellationTokenSource())
        {
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            return await StoreCommand.RunAsync(options, "metronome-bench " + string.Join(' ', args), cancel.Token);
        }
    default:
        Console.Error.WriteLine(usage);
        return 2;
}
