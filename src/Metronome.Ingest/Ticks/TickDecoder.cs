using System.Globalization;
using System.Text.Json;
using Metronome.Core.Events;
using Metronome.Core.Text;
using Metronome.Core.Time;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Ticks;

/// <summary>
/// Turns tick bodies into events: a flat JSON hash, a JSON array of them, NDJSON, or form fields.
/// Reserved members: <c>id</c>, <c>name</c> (default <c>view</c>; <c>pageview</c> is an alias),
/// <c>ts</c> (ISO-8601 or epoch ms), <c>referrer</c>/<c>referer</c>, <c>format</c>; every other member
/// becomes a typed field. A bad tick is reported by its index and never takes good ones down with it.
/// </summary>
public sealed partial class TickDecoder(TickLimits limits)
{
    public const string DefaultName = "view";
    public const string TickCategory = "tick";

    /// <summary>Member names repeat on every tick: one shared instance of each keeps allocation and the
    /// buffered events' memory down. (Values are not pooled: most are too varied to pay for the lookup.)</summary>
    private static readonly StringPool Strings = new();

    /// <summary>When true (the import command), each tick names its app in <c>_app</c>; otherwise the
    /// app comes from the key and a different <c>_app</c> is refused.</summary>
    public bool AppFromMember { get; init; }

    /// <summary>Whether plain flat objects take the hand-written scanner (tests turn it off to compare
    /// with the general JSON reader, which anything unusual falls back to anyway).</summary>
    internal bool UseFlatScanner { get; init; } = true;

    /// <summary>Adds fields to every good tick before it becomes an event (web enrichment).</summary>
    public ITickEnricher? Enricher { get; init; }

    public TickDecodeResult DecodeJson(ReadOnlySpan<byte> body, TickContext context)
    {
        var result = new TickDecodeResult();
        var builder = NewBuilder(context);
        if (UseFlatScanner && TryDecodeFlat(body, 0, builder, result))
        {
            return result;
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read())
            {
                result.BodyError = new TickError(0, null, "the body is empty; send a JSON object or an array of objects");
                return result;
            }

            if (reader.TokenType == JsonTokenType.StartArray)
            {
                int index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (index >= limits.MaxBatchEvents)
                    {
                        result.BodyError = new TickError(index, null, $"a batch may hold at most {limits.MaxBatchEvents} events");
                        return result;
                    }

                    DecodeOne(ref reader, index++, builder, result);
                }
            }
            else
            {
                DecodeOne(ref reader, 0, builder, result);
            }

            if (reader.Read())
            {
                result.BodyError = new TickError(0, null, "unexpected data after the JSON value");
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string with escapes whose bytes are not valid UTF-8.
            result.BodyError = new TickError(result.AcceptedCount + result.Errors.Count, null, "the body is not valid JSON: " + ex.Message);
        }

        return result;
    }

    public TickDecodeResult DecodeNdjson(ReadOnlySpan<byte> body, TickContext context)
    {
        var result = new TickDecodeResult();
        var builder = NewBuilder(context);
        int index = 0;
        while (body.Length > 0)
        {
            int newline = body.IndexOf((byte)'\n');
            var line = newline < 0 ? body : body[..newline];
            body = newline < 0 ? default : body[(newline + 1)..];
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            if (index >= limits.MaxBatchEvents)
            {
                result.BodyError = new TickError(index, null, $"a batch may hold at most {limits.MaxBatchEvents} events");
                return result;
            }

            DecodeLine(line, index++, builder, result);
        }

        if (index == 0)
        {
            result.BodyError = new TickError(0, null, "the body holds no events");
        }

        return result;
    }

    /// <summary>Decodes one NDJSON line (also used by the import command, line by line).</summary>
    public void DecodeLine(ReadOnlySpan<byte> line, int index, TickContext context, TickDecodeResult result) =>
        DecodeLine(line, index, NewBuilder(context), result);

    private void DecodeLine(ReadOnlySpan<byte> line, int index, TickBuilder builder, TickDecodeResult result)
    {
        if (UseFlatScanner && TryDecodeFlat(line, index, builder, result))
        {
            return;
        }

        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read())
            {
                result.Errors.Add(new TickError(index, null, "empty line"));
                return;
            }

            DecodeOne(ref reader, index, builder, result);
            if (reader.Read())
            {
                result.Errors.Add(new TickError(index, null, "unexpected data after the JSON object"));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string with escapes whose bytes are not valid UTF-8.
            result.Errors.Add(new TickError(index, null, "not valid JSON: " + ex.Message));
        }
    }

    /// <summary>Form fields (<c>application/x-www-form-urlencoded</c> bodies, <c>GET /tick.gif</c> query
    /// strings): every value is a string, except <c>ts</c>.</summary>
    public TickDecodeResult DecodeForm(IEnumerable<KeyValuePair<string, string>> fields, TickContext context)
    {
        var result = new TickDecodeResult();
        var builder = NewBuilder(context);
        builder.Reset();
        foreach (var (key, value) in fields)
        {
            if (key.Equals("key", StringComparison.Ordinal))
            {
                continue; // the write key travels in the query string of beacons
            }

            if (key.Equals("ts", StringComparison.Ordinal) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms))
            {
                builder.Add(key, ms);
            }
            else
            {
                builder.Add(key, value);
            }
        }

        builder.Finish(0, result);
        return result;
    }

    private TickBuilder NewBuilder(TickContext context) => new(limits, context, AppFromMember, Enricher);

    private static void DecodeOne(ref Utf8JsonReader reader, int index, TickBuilder builder, TickDecodeResult result)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            if (reader.TokenType is JsonTokenType.StartArray)
            {
                reader.Skip();
            }

            result.Errors.Add(new TickError(index, null, "a tick must be a JSON object (a flat hash of parameters)"));
            return;
        }

        builder.Reset();
        int position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = builder.ReadKey(ref reader, position++);
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String when !reader.ValueIsEscaped && !reader.HasValueSequence && !TickBuilder.IsReserved(key.Name):
                    // Ordinary members go into the batch as the bytes they arrived as.
                    builder.AddUtf8(key, reader.ValueSpan);
                    break;
                case JsonTokenType.String:
                    builder.Add(key.Name, ReadValue(ref reader));
                    break;
                case JsonTokenType.Number:
                    builder.Add(key, reader.TryGetInt64(out long l) ? FieldValue.From(l) : FieldValue.From(reader.GetDouble()));
                    break;
                case JsonTokenType.True:
                case JsonTokenType.False:
                    builder.Add(key, reader.GetBoolean());
                    break;
                case JsonTokenType.Null:
                    break;
                default:
                    reader.Skip();
                    builder.Fail(key.Name, "nested objects and arrays are not allowed: a tick is a flat JSON hash");
                    break;
            }
        }

        builder.Finish(index, result);
    }

    /// <summary>Values repeat too (categories, names, countries, browsers, paths): short unescaped ones
    /// come from a shared cache of instances instead of a new string each.</summary>
    private static string ReadValue(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped || reader.HasValueSequence
            ? reader.GetString()!
            : Utf8StringCache.Get(reader.ValueSpan);

    /// <summary>Collects one tick's members and checks them against the limits; one instance serves
    /// every tick of a body (<see cref="Reset"/> between them).</summary>
    private sealed class TickBuilder(TickLimits limits, TickContext context, bool appFromMember, ITickEnricher? enricher)
    {
        /// <summary>Stands in for a value kept as UTF-8 in <see cref="_arena"/>: nothing reads the
        /// values of ordinary members before they are written (enrichment looks at keys only).</summary>
        private static readonly FieldValue Utf8Placeholder = FieldValue.From("\u0000utf-8");

        private readonly List<KeyValuePair<string, FieldValue>> _fields = [];
        /// <summary>Per field (by index, for the members read from JSON): the key's UTF-8 bytes when
        /// known, and where its value's UTF-8 bytes are in <see cref="_arena"/> (start -1: a plain value).</summary>
        private readonly List<(byte[]? Key, int Start, int Length)> _utf8 = [];
        private byte[] _arena = new byte[1024];
        private int _arenaUsed;
        /// <summary>The key each member position had last time: members come in the same order tick
        /// after tick, so a byte comparison mostly replaces a lookup in the shared pool.</summary>
        private readonly TickKey[] _keysByPosition = new TickKey[32];
        private const int KeySlots = 256;
        private readonly TickKey[] _keysBySlot = new TickKey[KeySlots];
        private string _name = DefaultName;
        private string? _app;
        private long? _timeUs;
        private TickError? _error;
        private bool _hasFormat;
        private bool _hasReferrer;
        private bool _hasCategory;
        private string? _url;
        private string? _urlText;
        private string? _referrerText;

        /// <summary>Members whose string values are read or rewritten here (an <c>id</c> string is kept as
        /// it came; only a numeric one becomes text).</summary>
        public static bool IsReserved(string key) => key switch
        {
            "name" or "ts" or "_app" or "_messagetime" or "_receipttime" or "referrer" or "referer"
                or "format" or "url" or "_sourcecategory" => true,
            _ => false,
        };

        /// <summary>The member name at <paramref name="position"/> (the reader is on it).</summary>
        public TickKey ReadKey(ref Utf8JsonReader reader, int position)
        {
            if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > Strings.MaxLength)
            {
                return new TickKey(reader.GetString()!, null);
            }

            return KeyOf(reader.ValueSpan, position);
        }

        /// <summary>The member name whose plain (unescaped) UTF-8 bytes are <paramref name="bytes"/>.</summary>
        public TickKey KeyOf(ReadOnlySpan<byte> bytes, int position)
        {
            if (bytes.Length > Strings.MaxLength)
            {
                return new TickKey(System.Text.Encoding.UTF8.GetString(bytes), null);
            }

            if (position < _keysByPosition.Length && _keysByPosition[position].Utf8 is { } known && bytes.SequenceEqual(known))
            {
                return _keysByPosition[position];
            }

            // Ticks of different kinds interleave: a small hash table of every key seen backs the guess.
            var hash = default(HashCode);
            hash.AddBytes(bytes);
            int slot = hash.ToHashCode() & (KeySlots - 1);
            var key = _keysBySlot[slot];
            if (key.Utf8 is null || !bytes.SequenceEqual(key.Utf8))
            {
                key = new TickKey(Strings.Get(bytes), bytes.ToArray());
                _keysBySlot[slot] = key;
            }

            if (position < _keysByPosition.Length)
            {
                _keysByPosition[position] = key;
            }

            return key;
        }

        public void Reset()
        {
            _fields.Clear();
            _utf8.Clear();
            _arenaUsed = 0;
            _name = DefaultName;
            _app = null;
            _timeUs = null;
            _error = null;
            _hasFormat = _hasReferrer = _hasCategory = false;
            _url = _urlText = _referrerText = null;
        }

        public void Fail(string? field, string reason) => _error ??= new TickError(0, field, reason);

        public void Add(TickKey key, FieldValue value) => Add(key.Name, value, key.Utf8);

        /// <summary>An ordinary (not reserved) string member, kept as its UTF-8 bytes.</summary>
        public void AddUtf8(TickKey key, ReadOnlySpan<byte> value)
        {
            if (_error is not null || !Admit(key.Name))
            {
                return;
            }

            if (value.Length > limits.MaxValueLength && System.Text.Encoding.UTF8.GetCharCount(value) is var chars && chars > limits.MaxValueLength)
            {
                Fail(key.Name, $"value is {chars} characters long; the limit is {limits.MaxValueLength}");
                return;
            }

            if (_arenaUsed + value.Length > _arena.Length)
            {
                Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + value.Length));
            }

            value.CopyTo(_arena.AsSpan(_arenaUsed));
            _utf8.Add((key.Utf8, _arenaUsed, value.Length));
            _arenaUsed += value.Length;
            _fields.Add(new(key.Name, Utf8Placeholder));
        }

        public void Add(string key, FieldValue value, byte[]? keyUtf8 = null)
        {
            if (_error is not null)
            {
                return;
            }

            string original = key;
            if (value.Kind == FieldKind.String && value.AsString.Length > limits.MaxValueLength)
            {
                Fail(key, $"value is {value.AsString.Length} characters long; the limit is {limits.MaxValueLength}");
                return;
            }

            switch (key)
            {
                case "name":
                    _name = NormalizeName(value.ToString());
                    if (_name.Length == 0)
                    {
                        Fail(key, "the event name must not be empty");
                    }

                    return;
                case "ts":
                    _timeUs = ParseTime(value, out string? problem);
                    if (problem is not null)
                    {
                        Fail(key, problem);
                    }

                    return;
                case "_app":
                    _app = value.ToString();
                    return;
                case "_messagetime":
                case "_receipttime":
                    Fail(key, "this member is set by Metronome; send the event time as 'ts'");
                    return;
                case "id":
                    value = value.ToString();
                    break;
                case "referrer":
                case "referer":
                    key = FieldNames.Referrer;
                    _hasReferrer = true;
                    _referrerText = value.Kind == FieldKind.String ? value.AsString : null;
                    break;
                case "format":
                    _hasFormat = true;
                    value = value.ToString().ToLowerInvariant();
                    break;
                case "url":
                    _url = value.ToString();
                    _urlText = value.Kind == FieldKind.String ? value.AsString : null;
                    break;
                case "_sourcecategory":
                    _hasCategory = true;
                    break;
            }

            if (!Admit(key))
            {
                return;
            }

            _utf8.Add((ReferenceEquals(key, original) ? keyUtf8 : null, -1, 0));
            _fields.Add(new(key, value));
        }

        /// <summary>Checks the property count and that the member is not there already.</summary>
        private bool Admit(string key)
        {
            if (key.Length == 0 || key.Length > limits.MaxKeyLength)
            {
                Fail(key, $"member names must be 1 to {limits.MaxKeyLength} characters long");
                return false;
            }

            if (_fields.Count >= limits.MaxProperties)
            {
                Fail(null, $"too many properties: the limit is {limits.MaxProperties}");
                return false;
            }

            var fields = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_fields);
            foreach (var (existing, _) in fields)
            {
                if (ReferenceEquals(existing, key) || existing.Equals(key, StringComparison.Ordinal))
                {
                    Fail(key, "the member appears twice");
                    return false;
                }
            }

            return true;
        }

        public void Finish(int index, TickDecodeResult result)
        {
            string app = context.App;
            if (_error is null && _app is not null && !appFromMember && _app != context.App)
            {
                Fail("_app", "the app comes from the key; this member names another app");
            }
            else if (appFromMember)
            {
                if (string.IsNullOrEmpty(_app))
                {
                    Fail("_app", "each imported event must name its app in '_app'");
                }
                else
                {
                    app = _app;
                }
            }

            long time = _timeUs ?? context.DefaultTimeUs;
            if (_error is null && !appFromMember)
            {
                if (time > context.ReceiptTimeUs + (long)limits.MaxFutureSkew.TotalMicroseconds)
                {
                    Fail("ts", $"the time is more than {limits.MaxFutureSkew.TotalHours:0} hours in the future");
                }
                else if (time < context.ReceiptTimeUs - (long)limits.MaxAge.TotalMicroseconds)
                {
                    Fail("ts", $"the time is more than {limits.MaxAge.TotalDays:0} days in the past");
                }
            }

            if (_error is not null)
            {
                result.Errors.Add(_error with { Index = index });
                return;
            }

            if (!_hasReferrer && !string.IsNullOrEmpty(context.RefererHeader))
            {
                _fields.Add(new(FieldNames.Referrer, context.RefererHeader));
                _referrerText = context.RefererHeader;
            }

            if (!_hasFormat && _name == "download" && DownloadFormat.FromUrl(_url) is { } format)
            {
                _fields.Add(new(FieldNames.Format, format));
            }

            if (!_hasCategory)
            {
                _fields.Add(new(FieldNames.SourceCategory, TickCategory));
            }

            enricher?.Enrich(_urlText, _referrerText, _fields);
            var writer = result.Accepted;
            writer.BeginEvent(app, _name, time, context.ReceiptTimeUs, _fields.Count);
            var fields = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_fields);
            var utf8 = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_utf8);
            for (int i = 0; i < fields.Length; i++)
            {
                var (key, value) = fields[i];
                // Fields added after the members (enrichment, defaults) have no bytes of their own.
                var (keyBytes, start, length) = i < utf8.Length ? utf8[i] : (null, -1, 0);
                if (start >= 0 && keyBytes is not null)
                {
                    writer.WriteUtf8Field(keyBytes, _arena.AsSpan(start, length));
                }
                else if (start >= 0)
                {
                    writer.WriteUtf8Field(key, _arena.AsSpan(start, length));
                }
                else if (keyBytes is not null)
                {
                    writer.WriteField(keyBytes, value);
                }
                else
                {
                    writer.WriteField(key, value);
                }
            }
        }

        private static string NormalizeName(string name) =>
            name.Equals("pageview", StringComparison.OrdinalIgnoreCase) ? DefaultName : name.Trim();

        private static long ParseTime(FieldValue value, out string? problem)
        {
            problem = null;
            if (value.Kind == FieldKind.Long)
            {
                return value.AsLong * UnixTime.MicrosecondsPerMillisecond;
            }

            if (value.Kind == FieldKind.Double && double.IsFinite(value.AsDouble) && Math.Abs(value.AsDouble) < 1e15)
            {
                return (long)(value.AsDouble * UnixTime.MicrosecondsPerMillisecond);
            }

            if (value.Kind == FieldKind.String)
            {
                string text = value.AsString;
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms))
                {
                    return ms * UnixTime.MicrosecondsPerMillisecond;
                }

                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    return UnixTime.ToMicroseconds(parsed);
                }
            }

            problem = "expected an ISO-8601 time or milliseconds since the epoch";
            return 0;
        }
    }

    /// <summary>A member name as a (shared) string, with its UTF-8 bytes when they were plain.</summary>
    private readonly record struct TickKey(string Name, byte[]? Utf8);
}
