using System.CommandLine;
using System.Text.Json;
using Metronome.Cli.Commands.Store;
using Metronome.Query.Diagnostics;
using Metronome.Query.Execution;
using Metronome.Query.Sources;

namespace Metronome.Cli.Commands.Query;

/// <summary><c>metronome query 'QUERY' [--from -1d] [--to now] [--format table|json|csv]</c>, against the
/// data directory (opened like <c>store stats</c>: it takes the directory lock, so it fails while a
/// server runs there) or a running server (<c>--server URL --key KEY</c>).</summary>
public static class QueryCommand
{
    public static Command Create()
    {
        var text = new Argument<string>("query") { Description = "The query, e.g. '_sourcecategory=heroku | count by status'" };
        var from = new Option<string>("--from") { Description = "Start: -1d, -15m, now, ISO 8601 or epoch ms", DefaultValueFactory = _ => "-1d" };
        var to = new Option<string>("--to") { Description = "End (exclusive), same forms", DefaultValueFactory = _ => "now" };
        var format = new Option<string>("--format") { Description = "table, json or csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var tz = new Option<string>("--tz") { Description = "IANA zone for timeslices and dates", DefaultValueFactory = _ => "UTC" };
        var vars = new Option<string[]>("--var") { Description = "A template variable, name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var app = new Option<string?>("--app") { Description = "The app to search (data directory; default: the only app)" };
        var limit = new Option<int?>("--limit") { Description = "Rows to return (raw default 100)" };
        var offset = new Option<int>("--offset") { Description = "Rows to skip" };
        var server = new Option<string?>("--server") { Description = "Query a running server at this URL instead of the data directory" };
        var key = new Option<string?>("--key") { Description = "The app's read key (with --server)" };
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("query", "Run a query (Sumo Logic search language) and print the result")
        {
            text, from, to, format, tz, vars, app, limit, offset, server, key, data, config,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in parse.GetValue(vars) ?? [])
            {
                var split = pair.IndexOf('=', StringComparison.Ordinal);
                if (split <= 0)
                {
                    Console.Error.WriteLine($"metronome: --var expects name=value, got '{pair}'");
                    return 2;
                }

                variables[pair[..split]] = pair[(split + 1)..];
            }

            var spec = new QuerySpec(parse.GetValue(text)!, parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(tz)!, variables, parse.GetValue(offset), parse.GetValue(limit));
            string json;
            if (parse.GetValue(server) is { } url)
            {
                var readKey = parse.GetValue(key);
                if (string.IsNullOrEmpty(readKey))
                {
                    Console.Error.WriteLine("metronome: --server needs --key with the app's read key");
                    return 2;
                }

                var answer = await RemoteQuery.RunAsync(url, readKey, spec, parse.GetValue(format) == "csv", cancellationToken);
                if (!answer.Ok)
                {
                    Console.Error.WriteLine("metronome: " + answer.Body);
                    return 1;
                }

                if (parse.GetValue(format) == "csv")
                {
                    Console.Out.Write(answer.Body);
                    return 0;
                }

                json = answer.Body;
            }
            else
            {
                Storage.EventStore store;
                try
                {
                    store = StoreCommand.OpenStore(parse, data, config);
                }
                catch (Storage.StoreUnavailableException e)
                {
                    // Typically a server running on the directory: point at --server.
                    Console.Error.WriteLine($"metronome: {e.Message}; or query the server with --server URL --key KEY");
                    return 1;
                }

                await using var opened = store;
                var appName = parse.GetValue(app) ?? OnlyApp(store);
                if (appName is null)
                {
                    Console.Error.WriteLine("metronome: the store holds several apps (or none); name one with --app");
                    return 2;
                }

                var now = DateTimeOffset.UtcNow;
                if (!TimeExpressions.TryParse(spec.From, now, out var fromTime) || !TimeExpressions.TryParse(spec.To, now, out var toTime))
                {
                    Console.Error.WriteLine("metronome: --from and --to take -1d, -15m, now, ISO 8601 or epoch milliseconds");
                    return 2;
                }

                QueryResult result;
                try
                {
                    result = await QueryEngine.ExecuteAsync(spec.ToRequest(appName, fromTime, toTime), new StoreEventSource(store), cancellationToken);
                }
                catch (QueryException e)
                {
                    Console.Error.WriteLine("metronome: " + e.Diagnostic);
                    return 1;
                }

                if (parse.GetValue(format) == "csv")
                {
                    ResultWriter.WriteCsv(result, Console.Out);
                    return 0;
                }

                json = ResultWriter.ToJson(result);
            }

            if (parse.GetValue(format) == "json")
            {
                Console.Out.WriteLine(json);
            }
            else
            {
                ResultTableView.Write(JsonDocument.Parse(json).RootElement);
            }

            return 0;
        });
        return command;
    }

    private static string? OnlyApp(Storage.EventStore store)
    {
        var apps = store.GetStatistics().Partitions.Select(p => p.App).Distinct(StringComparer.Ordinal).ToList();
        return apps.Count == 1 ? apps[0] : null;
    }
}
