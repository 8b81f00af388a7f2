using System.CommandLine;
using System.Text.Json;
using Metronome.Cli.Configuration;
using Metronome.Server.Apps;
using Spectre.Console;

namespace Metronome.Cli.Commands.Apps;

/// <summary><c>metronome apps create|list|keys|create-key|revoke|rotate|retention</c>, offline against the
/// data directory.</summary>
public static class AppsCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static Command Create()
    {
        var command = new Command("apps", "Manage apps and their keys (offline, in the data directory)");
        command.Subcommands.Add(CreateApp());
        command.Subcommands.Add(ListApps());
        command.Subcommands.Add(ListKeys());
        command.Subcommands.Add(NewKey());
        command.Subcommands.Add(Revoke());
        command.Subcommands.Add(Rotate());
        command.Subcommands.Add(Retention());
        return command;
    }

    private static AppRegistry Open(ParseResult parse, Option<string?> data, Option<string?> config) =>
        AppRegistry.Open(Settings.Resolve(null, null, parse.GetValue(data), parse.GetValue(config)).DataDirectory);

    private static Command CreateApp()
    {
        var name = new Argument<string>("name") { Description = "App name: lower-case letters, digits, '-' and '_'" };
        var json = CommonOptions.Json();
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("create", "Create an app and print its write and read keys") { name, json, data, config };
        command.SetAction(parse =>
        {
            var created = Open(parse, data, config).CreateApp(parse.GetValue(name)!);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { app = created.App, writeKey = created.WriteKey, readKey = created.ReadKey }, JsonOptions));
            }
            else
            {
                Console.WriteLine($"app:       {created.App}");
                Console.WriteLine($"writeKey:  {created.WriteKey}   (public: for POST /tick and the tracker)");
                Console.WriteLine($"readKey:   {created.ReadKey}   (secret: for /tock and queries)");
                Console.WriteLine("Keys are shown once; only their hashes are stored.");
            }

            return 0;
        });
        return command;
    }

    private static Command ListApps()
    {
        var json = CommonOptions.Json();
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("list", "List apps") { json, data, config };
        command.SetAction(parse =>
        {
            var apps = Open(parse, data, config).Apps;
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(apps, JsonOptions));
                return 0;
            }

            var table = new Table().AddColumns("app", "created", "retention");
            foreach (var app in apps)
            {
                table.AddRow(app.Name, app.Created.ToString("u"), app.RetentionDays is int days ? $"{days} days" : "forever");
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command ListKeys()
    {
        var app = new Argument<string>("app");
        var json = CommonOptions.Json();
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("keys", "List an app's keys (ids and prefixes, never the keys)") { app, json, data, config };
        command.SetAction(parse =>
        {
            var keys = Open(parse, data, config).ListKeys(parse.GetValue(app)!);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(keys.Select(k => new { k.Id, k.App, kind = k.Kind.ToString().ToLowerInvariant(), k.Prefix, k.Created, k.Revoked }), JsonOptions));
                return 0;
            }

            var table = new Table().AddColumns("id", "kind", "prefix", "created", "revoked");
            foreach (var key in keys)
            {
                table.AddRow(key.Id, key.Kind.ToString().ToLowerInvariant(), Markup.Escape(key.Prefix), key.Created.ToString("u"), key.Revoked?.ToString("u") ?? "");
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command NewKey()
    {
        var app = new Argument<string>("app");
        var kind = new Option<string>("--kind") { Description = "read or write", DefaultValueFactory = _ => "read" };
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("create-key", "Add a read or write key to an app") { app, kind, data, config };
        command.SetAction(parse =>
        {
            if (!Enum.TryParse<KeyKind>(parse.GetValue(kind), ignoreCase: true, out var keyKind) || keyKind == KeyKind.Admin)
            {
                Console.Error.WriteLine("--kind must be read or write");
                return 2;
            }

            var (key, token) = Open(parse, data, config).CreateKey(parse.GetValue(app)!, keyKind);
            Console.WriteLine($"{key.Id} {token}");
            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var app = new Argument<string>("app");
        var keyId = new Argument<string>("key-id");
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("revoke", "Revoke a key at once") { app, keyId, data, config };
        command.SetAction(parse =>
        {
            var key = Open(parse, data, config).RevokeKey(parse.GetValue(app)!, parse.GetValue(keyId)!);
            Console.WriteLine($"revoked {key.Id} ({key.Kind.ToString().ToLowerInvariant()} key of {key.App})");
            return 0;
        });
        return command;
    }

    private static Command Rotate()
    {
        var app = new Argument<string>("app");
        var keyId = new Argument<string>("key-id");
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("rotate", "Replace a key with a new one of the same kind") { app, keyId, data, config };
        command.SetAction(parse =>
        {
            var (key, token) = Open(parse, data, config).RotateKey(parse.GetValue(app)!, parse.GetValue(keyId)!);
            Console.WriteLine($"{key.Id} {token}");
            return 0;
        });
        return command;
    }

    private static Command Retention()
    {
        var app = new Argument<string>("app");
        var days = new Option<int?>("--days") { Description = "Keep this many days (omit to keep forever)" };
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("retention", "Set how long an app's events are kept") { app, days, data, config };
        command.SetAction(parse =>
        {
            var record = Open(parse, data, config).SetRetention(parse.GetValue(app)!, parse.GetValue(days));
            Console.WriteLine(record.RetentionDays is int d ? $"{record.Name}: keep {d} days" : $"{record.Name}: keep forever");
            return 0;
        });
        return command;
    }
}
