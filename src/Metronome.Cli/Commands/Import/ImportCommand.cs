using System.CommandLine;
using System.Diagnostics;
using System.IO.Compression;
using Metronome.Cli.Configuration;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Time;
using Metronome.Ingest;
using Metronome.Ingest.Ticks;
using Metronome.Server.Apps;
using Metronome.Server.Hosting;
using Metronome.Storage;
using Spectre.Console;

namespace Metronome.Cli.Commands.Import;

/// <summary><c>metronome import --format ndjson|logplex|syslog FILE...</c>: loads files (plain or gzip) into
/// the store, offline, with a progress bar and a summary. NDJSON: every line is one tick; bad lines are
/// reported by file and line number and never stop the good ones. Logplex and syslog: the log decoders'
/// events go to <c>--app</c>; bytes they cannot decode are stored as <c>unparsed</c> events and counted.</summary>
public static class ImportCommand
{
    private const int BatchSize = 20_000;
    private const int MaxInFlight = 4;

    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Files to import (.gz is inflated)", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "ndjson (one flat JSON object per line), logplex (concatenated application/logplex-1 bodies) or syslog (RFC 5424/3164 lines or octet-counted frames)", DefaultValueFactory = _ => "ndjson" };
        var app = new Option<string?>("--app") { Description = "Import into this app (ndjson: otherwise each line names its app in '_app'; required for logplex and syslog)" };
        var category = new Option<string?>("--category") { Description = "logplex/syslog: _sourcecategory of the events (default heroku or syslog)" };
        var name = new Option<string?>("--name") { Description = "logplex/syslog: _sourcename of the events (default the file name)" };
        var createApps = new Option<bool>("--create-apps") { Description = "Create apps that do not exist yet (their keys are printed)" };
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("import", "Import events from files into the store") { files, format, app, category, name, createApps, data, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string formatName = parse.GetValue(format)!.ToLowerInvariant();
            if (formatName is "logplex" or "syslog")
            {
                return await ImportLogsAsync(formatName == "logplex" ? LogFormat.Logplex : LogFormat.Syslog, parse.GetValue(files)!, parse.GetValue(app), parse.GetValue(category), parse.GetValue(name), parse.GetValue(createApps), parse.GetValue(data), parse.GetValue(config), cancellationToken).ConfigureAwait(false);
            }

            if (formatName != "ndjson")
            {
                Console.Error.WriteLine($"--format {formatName} is not supported; use ndjson, logplex or syslog");
                return 2;
            }

            var settings = Settings.Resolve(null, null, parse.GetValue(data), parse.GetValue(config));
            var registry = AppRegistry.Open(settings.DataDirectory);
            await using var store = EventStore.Open(ServerOptions.StoreDirectoryOf(settings.DataDirectory), new StoreOptions { MaintenanceInterval = TimeSpan.FromSeconds(1) }.WithServerCodecs());
            var importer = new NdjsonImporter(store, registry, parse.GetValue(app), parse.GetValue(createApps));
            var stopwatch = Stopwatch.StartNew();
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    foreach (string file in parse.GetValue(files)!)
                    {
                        var task = progress.AddTask(Markup.Escape(Path.GetFileName(file)), maxValue: Math.Max(1, new FileInfo(file).Length));
                        await importer.ImportFileAsync(file, position => task.Value = position, cancellationToken).ConfigureAwait(false);
                        task.Value = task.MaxValue;
                    }
                }).ConfigureAwait(false);

            double seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-6);
            Console.WriteLine($"imported {importer.Imported:N0} events in {seconds:0.0} s ({importer.Imported / seconds:N0} events/s); rejected {importer.Rejected:N0} lines");
            foreach (string problem in importer.Problems.Take(20))
            {
                Console.WriteLine("  " + problem);
            }

            foreach (var created in importer.CreatedApps)
            {
                Console.WriteLine($"created app {created.App}: writeKey {created.WriteKey} readKey {created.ReadKey}");
            }

            return importer.Rejected == 0 ? 0 : 1;
        });
        return command;
    }

    private static async Task<int> ImportLogsAsync(LogFormat format, string[] files, string? app, string? category, string? name, bool createApps, string? data, string? config, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(app))
        {
            Console.Error.WriteLine($"--format {format.ToString().ToLowerInvariant()} needs --app APP: the app the log events go to");
            return 2;
        }

        var settings = Settings.Resolve(null, null, data, config);
        var registry = AppRegistry.Open(settings.DataDirectory);
        AppCreated? created = null;
        if (registry.FindApp(app) is null)
        {
            if (!createApps)
            {
                Console.Error.WriteLine($"app '{app}' does not exist (create it, or pass --create-apps)");
                return 2;
            }

            created = registry.CreateApp(app);
        }

        await using var store = EventStore.Open(ServerOptions.StoreDirectoryOf(settings.DataDirectory), new StoreOptions { MaintenanceInterval = TimeSpan.FromSeconds(1) }.WithServerCodecs());
        var importer = new LogImporter(store, format, app, category ?? (format == LogFormat.Logplex ? DrainContext.DefaultSourceCategory : "syslog"), name);
        var stopwatch = Stopwatch.StartNew();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                foreach (string file in files)
                {
                    var task = progress.AddTask(Markup.Escape(Path.GetFileName(file)), maxValue: Math.Max(1, new FileInfo(file).Length));
                    await importer.ImportFileAsync(file, position => task.Value = position, cancellationToken).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                }
            }).ConfigureAwait(false);

        double seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-6);
        Console.WriteLine($"imported {importer.Imported:N0} events in {seconds:0.0} s ({importer.Imported / seconds:N0} events/s); {importer.Unparsed:N0} stored as unparsed");
        foreach (var (kind, count) in importer.ErrorsByKind.OrderBy(p => p.Key))
        {
            Console.WriteLine($"  {kind}: {count:N0}");
        }

        if (created is not null)
        {
            Console.WriteLine($"created app {created.App}: writeKey {created.WriteKey} readKey {created.ReadKey}");
        }

        return 0;
    }

    /// <summary>Decodes log files with <see cref="LogStreamReader"/> and appends the batches, a few in flight.</summary>
    private sealed class LogImporter(EventStore store, LogFormat format, string app, string category, string? name)
    {
        private readonly List<Task> _inFlight = [];

        public long Imported { get; private set; }

        public long Unparsed { get; private set; }

        public Dictionary<DecodeErrorKind, long> ErrorsByKind { get; } = [];

        public async Task ImportFileAsync(string path, Action<long> reportPosition, CancellationToken cancellationToken)
        {
            await using var file = File.OpenRead(path);
            bool gzip = IsGzip(file);
            await using var input = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            var context = new DrainContext(app, UnixTime.ReceiptNow(TimeProvider.System))
            {
                SourceCategory = category,
                SourceName = name ?? Path.GetFileName(path),
            };
            // Decoded into the encoded form the store keeps, as the server's endpoints do.
            await foreach (var batch in LogStreamReader.ReadAsync(input, format, context, BatchSize, cancellationToken).ConfigureAwait(false))
            {
                foreach (var error in batch.Errors)
                {
                    ErrorsByKind[error.Kind] = ErrorsByKind.GetValueOrDefault(error.Kind) + 1;
                }

                Unparsed += CountNamed(batch.Events, Metronome.Ingest.EventNames.Unparsed);
                await AppendAsync(batch.Events).ConfigureAwait(false);
                reportPosition(file.Position);
            }

            await Task.WhenAll(_inFlight).ConfigureAwait(false);
            _inFlight.Clear();
        }

        private static int CountNamed(EventBatch batch, string name)
        {
            int count = 0;
            foreach (var entry in batch.Entries)
            {
                count += batch.Names[entry.Name] == name ? 1 : 0;
            }

            return count;
        }

        private async Task AppendAsync(EventBatch events)
        {
            if (events.Count == 0)
            {
                return;
            }

            if (_inFlight.Count >= MaxInFlight)
            {
                await Task.WhenAny(_inFlight).ConfigureAwait(false);
                foreach (var done in _inFlight.Where(t => t.IsCompleted).ToList())
                {
                    await done.ConfigureAwait(false);
                    _inFlight.Remove(done);
                }
            }

            _inFlight.Add(AppendWithRetryAsync(store, events));
            Imported += events.Count;
        }
    }

    private static async Task AppendWithRetryAsync(EventStore store, EventBatch events)
    {
        while (true)
        {
            try
            {
                await store.AppendAsync(events).ConfigureAwait(false);
                return;
            }
            catch (StoreBusyException)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = file.Read(magic);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    /// <summary>Reads lines, decodes them as ticks and appends them in batches with a few in flight.</summary>
    private sealed class NdjsonImporter(EventStore store, AppRegistry registry, string? app, bool createApps)
    {
        private readonly TickDecoder _decoder = new(new TickLimits { MaxAge = TimeSpan.FromDays(365 * 100), MaxFutureSkew = TimeSpan.FromDays(365 * 100), MaxProperties = 1000 })
        {
            AppFromMember = app is null,
        };

        private readonly HashSet<string> _knownApps = new(registry.Apps.Select(a => a.Name), StringComparer.Ordinal);
        private readonly List<Task> _inFlight = [];

        public long Imported { get; private set; }

        public long Rejected { get; private set; }

        public List<string> Problems { get; } = [];

        public List<AppCreated> CreatedApps { get; } = [];

        public async Task ImportFileAsync(string path, Action<long> reportPosition, CancellationToken cancellationToken)
        {
            await using var file = File.OpenRead(path);
            Stream input = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = new StreamReader(input, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            var context = new TickContext(app ?? "", UnixTime.ReceiptNow(TimeProvider.System));
            var result = new TickDecodeResult();
            int lineNumber = 0;
            byte[] scratch = new byte[4096];
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                int max = System.Text.Encoding.UTF8.GetMaxByteCount(line.Length);
                if (scratch.Length < max)
                {
                    scratch = new byte[max];
                }

                int length = System.Text.Encoding.UTF8.GetBytes(line, scratch);
                _decoder.DecodeLine(scratch.AsSpan(0, length), lineNumber, context, result);
                if (result.AcceptedCount >= BatchSize)
                {
                    await FlushAsync(path, result).ConfigureAwait(false);
                    result = new TickDecodeResult();
                    reportPosition(file.Position);
                }
            }

            await FlushAsync(path, result).ConfigureAwait(false);
            await Task.WhenAll(_inFlight).ConfigureAwait(false);
            _inFlight.Clear();
        }

        private async Task FlushAsync(string path, TickDecodeResult result)
        {
            foreach (var error in result.Errors)
            {
                Rejected++;
                Problems.Add($"{Path.GetFileName(path)}:{error.Index}: {(error.Field is null ? "" : error.Field + ": ")}{error.Reason}");
            }

            var decoded = result.Events;
            result.Dispose();
            var accepted = new List<Event>(decoded.Count);
            foreach (var e in decoded)
            {
                if (_knownApps.Contains(e.App) || TryCreateApp(e.App))
                {
                    accepted.Add(e);
                }
                else
                {
                    Rejected++;
                    Problems.Add($"{Path.GetFileName(path)}: app '{e.App}' does not exist (create it, or pass --create-apps)");
                }
            }

            if (accepted.Count == 0)
            {
                return;
            }

            if (_inFlight.Count >= MaxInFlight)
            {
                await Task.WhenAny(_inFlight).ConfigureAwait(false);
                foreach (var done in _inFlight.Where(t => t.IsCompleted).ToList())
                {
                    await done.ConfigureAwait(false);
                    _inFlight.Remove(done);
                }
            }

            _inFlight.Add(AppendWithRetryAsync(accepted));
            Imported += accepted.Count;
        }

        private async Task AppendWithRetryAsync(List<Event> events)
        {
            while (true)
            {
                try
                {
                    await store.AppendAsync(events).ConfigureAwait(false);
                    return;
                }
                catch (StoreBusyException)
                {
                    await Task.Delay(100).ConfigureAwait(false);
                }
            }
        }

        private bool TryCreateApp(string name)
        {
            if (!createApps)
            {
                return false;
            }

            CreatedApps.Add(registry.CreateApp(name));
            _knownApps.Add(name);
            return true;
        }

        private static bool IsGzip(FileStream file)
        {
            Span<byte> magic = stackalloc byte[2];
            int read = file.Read(magic);
            file.Position = 0;
            return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        }
    }
}
