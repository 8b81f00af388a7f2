using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Metronome.Storage.Io;

namespace Metronome.Server.Apps;

/// <summary>
/// Apps and their keys, kept in <c>apps.json</c> in the data directory (replaced atomically on every
/// change). Keys are stored hashed; verified tokens are cached so the hot path hashes each key once.
/// </summary>
public sealed partial class AppRegistry
{
    public const string FileName = "apps.json";
    private const int MaxCachedTokens = 10_000;

    /// <summary>Unknown keys re-read apps.json at most this often, so a flood of bad keys costs no I/O.</summary>
    private static readonly TimeSpan ReloadCheckInterval = TimeSpan.FromSeconds(1);

    private readonly IFileSystem _fs;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, ApiKey> _verified = new(StringComparer.Ordinal);
    private RegistryState _state;
    private byte[] _loadedBytes = [];
    private DateTimeOffset _lastReloadCheck = DateTimeOffset.MinValue;

    private AppRegistry(IFileSystem fs, TimeProvider clock, RegistryState state)
    {
        _fs = fs;
        _clock = clock;
        _state = state;
    }

    public static AppRegistry Open(IFileSystem fs, TimeProvider? clock = null)
    {
        byte[] bytes = fs.FileExists(FileName) ? fs.ReadAllBytes(FileName) : [];
        var state = bytes.Length > 0
            ? JsonSerializer.Deserialize(bytes, RegistryJson.Default.RegistryState) ?? new RegistryState()
            : new RegistryState();
        return new AppRegistry(fs, clock ?? TimeProvider.System, state) { _loadedBytes = bytes };
    }

    public static AppRegistry Open(string dataDirectory, TimeProvider? clock = null)
    {
        Directory.CreateDirectory(dataDirectory);
        return Open(new PhysicalFileSystem(dataDirectory), clock);
    }

    public IReadOnlyList<AppRecord> Apps => _state.Apps;

    public bool HasAdminToken => _state.Keys.Any(k => k.Kind == KeyKind.Admin && k.IsActive);

    /// <summary>Creates the admin token on first start; returns it (to print once) or null when one exists.</summary>
    public string? EnsureAdminToken()
    {
        lock (_gate)
        {
            if (HasAdminToken)
            {
                return null;
            }

            string token = KeyTokens.Generate(KeyKind.Admin);
            Save(_state with { Keys = [.. _state.Keys, NewKey("admin", KeyKind.Admin, token)] });
            return token;
        }
    }

    public AppCreated CreateApp(string name)
    {
        if (!AppNamePattern().IsMatch(name))
        {
            throw new RegistryException("name", "an app name is 1 to 63 characters: lower-case letters, digits, '-' and '_', starting with a letter or digit");
        }

        lock (_gate)
        {
            if (_state.Apps.Any(a => a.Name == name))
            {
                throw new RegistryException("name", $"an app named '{name}' already exists", conflict: true);
            }

            string write = KeyTokens.Generate(KeyKind.Write);
            string read = KeyTokens.Generate(KeyKind.Read);
            Save(_state with
            {
                Apps = [.. _state.Apps, new AppRecord(name, _clock.GetUtcNow())],
                Keys = [.. _state.Keys, NewKey(name, KeyKind.Write, write), NewKey(name, KeyKind.Read, read)],
            });
            return new AppCreated(name, write, read);
        }
    }

    public AppRecord? FindApp(string name) => _state.Apps.FirstOrDefault(a => a.Name == name);

    public IReadOnlyList<ApiKey> ListKeys(string app) => _state.Keys.Where(k => k.App == app).ToList();

    public (ApiKey Key, string Token) CreateKey(string app, KeyKind kind)
    {
        lock (_gate)
        {
            RequireApp(app);
            string token = KeyTokens.Generate(kind);
            var key = NewKey(app, kind, token);
            Save(_state with { Keys = [.. _state.Keys, key] });
            return (key, token);
        }
    }

    public ApiKey RevokeKey(string app, string keyId)
    {
        lock (_gate)
        {
            var key = RequireKey(app, keyId);
            var revoked = key with { Revoked = key.Revoked ?? _clock.GetUtcNow() };
            Save(_state with { Keys = [.. _state.Keys.Select(k => k.Id == keyId ? revoked : k)] });
            _verified.Clear();
            return revoked;
        }
    }

    /// <summary>Replaces a key with a new one of the same kind; the old one stops working at once.</summary>
    public (ApiKey Key, string Token) RotateKey(string app, string keyId)
    {
        lock (_gate)
        {
            var old = RequireKey(app, keyId);
            string token = KeyTokens.Generate(old.Kind);
            var key = NewKey(app, old.Kind, token);
            var now = _clock.GetUtcNow();
            Save(_state with { Keys = [.. _state.Keys.Select(k => k.Id == keyId ? k with { Revoked = k.Revoked ?? now } : k), key] });
            _verified.Clear();
            return (key, token);
        }
    }

    public AppRecord SetRetention(string app, int? days)
    {
        if (days is <= 0)
        {
            throw new RegistryException("days", "retention must be a positive number of days, or null to keep forever");
        }

        lock (_gate)
        {
            var record = RequireApp(app) with { RetentionDays = days };
            Save(_state with { Apps = [.. _state.Apps.Select(a => a.Name == app ? record : a)] });
            return record;
        }
    }

    /// <summary>The key a token belongs to (revoked keys included, so callers can say so), or null.</summary>
    public ApiKey? Authenticate(string token)
    {
        if (_verified.TryGetValue(token, out var cached))
        {
            return cached;
        }

        string hash = KeyTokens.Hash(token);
        var key = _state.Keys.FirstOrDefault(k => k.Hash == hash) ?? ReloadIfChanged()?.Keys.FirstOrDefault(k => k.Hash == hash);
        if (key is { IsActive: true })
        {
            if (_verified.Count >= MaxCachedTokens)
            {
                _verified.Clear();
            }

            _verified[token] = key;
        }

        return key;
    }

    /// <summary>Picks up apps and keys created offline (<c>metronome apps create</c>) while the server runs;
    /// only consulted for unknown keys, so the hot path never touches the file.</summary>
    private RegistryState? ReloadIfChanged()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (now - _lastReloadCheck < ReloadCheckInterval || !_fs.FileExists(FileName))
            {
                return null;
            }

            _lastReloadCheck = now;
            byte[] bytes = _fs.ReadAllBytes(FileName);
            if (bytes.AsSpan().SequenceEqual(_loadedBytes))
            {
                return null;
            }

            _state = JsonSerializer.Deserialize(bytes, RegistryJson.Default.RegistryState) ?? _state;
            _loadedBytes = bytes;
            _verified.Clear();
            return _state;
        }
    }

    private ApiKey NewKey(string app, KeyKind kind, string token) =>
        new("k_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)), app, kind, KeyTokens.Hash(token), KeyTokens.Visible(token), _clock.GetUtcNow(), null);

    private AppRecord RequireApp(string app) =>
        FindApp(app) ?? throw new RegistryException("app", $"no app named '{app}'", notFound: true);

    private ApiKey RequireKey(string app, string keyId)
    {
        RequireApp(app);
        return _state.Keys.FirstOrDefault(k => k.App == app && k.Id == keyId)
            ?? throw new RegistryException("keyId", $"app '{app}' has no key '{keyId}'", notFound: true);
    }

    private void Save(RegistryState state)
    {
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(state, RegistryJson.Default.RegistryState);
        _fs.WriteAtomically(FileName, bytes);
        _state = state;
        _loadedBytes = bytes;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex AppNamePattern();

    internal sealed record RegistryState
    {
        public IReadOnlyList<AppRecord> Apps { get; init; } = [];

        public IReadOnlyList<ApiKey> Keys { get; init; } = [];
    }
}

public sealed record AppCreated(string App, string WriteKey, string ReadKey);

/// <summary>A refused registry change, naming the member at fault.</summary>
public sealed class RegistryException(string field, string reason, bool notFound = false, bool conflict = false) : Exception(reason)
{
    public string Field { get; } = field;

    public bool NotFound { get; } = notFound;

    public bool Conflict { get; } = conflict;
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AppRegistry.RegistryState))]
internal sealed partial class RegistryJson : JsonSerializerContext;
