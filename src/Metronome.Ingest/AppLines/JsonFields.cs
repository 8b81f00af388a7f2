using System.Text;
using System.Text.Json;
using Metronome.Core.Events;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.AppLines;

/// <summary>
/// Turns a JSON object into typed fields. Nested objects are flattened with dots
/// (<c>{"user":{"id":1}}</c> → <c>user.id</c> = 1) so that every leaf is queryable like a tick property;
/// below <see cref="MaxFlattenDepth"/> levels, and for arrays, the member is kept as its JSON text. Numbers
/// are <c>long</c> when integral and in range, else <c>double</c>; <c>null</c> members are skipped.
/// All or nothing: invalid JSON adds no field.
/// </summary>
internal static class JsonFields
{
    public const int MaxFlattenDepth = 8;

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    public static bool TryAddObject(ReadOnlySpan<byte> json, FieldListBuilder fields)
    {
        var mark = fields.Count;
        try
        {
            var reader = new Utf8JsonReader(json, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            AddMembers(ref reader, json, null, 1, fields);
            if (reader.Read())
            {
                throw new JsonException("trailing content");
            }

            return true;
        }
        catch (JsonException)
        {
            fields.Truncate(mark);
            return false;
        }
    }

    private static void AddMembers(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string? prefix, int depth, FieldListBuilder fields)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueIsEscaped ? reader.GetString()! : Utf8StringCache.Get(reader.ValueSpan);
            var key = prefix is null ? name : prefix + "." + name;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when depth < MaxFlattenDepth:
                    AddMembers(ref reader, json, key, depth + 1, fields);
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    fields.Add(key, Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]));
                    break;
                case JsonTokenType.String:
                    fields.Add(key, reader.ValueIsEscaped ? reader.GetString()! : Utf8StringCache.Get(reader.ValueSpan));
                    break;
                case JsonTokenType.Number:
                    fields.Add(key, reader.TryGetInt64(out var integer) ? FieldValue.From(integer) : FieldValue.From(reader.GetDouble()));
                    break;
                case JsonTokenType.True:
                    fields.Add(key, true);
                    break;
                case JsonTokenType.False:
                    fields.Add(key, false);
                    break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("unterminated object");
        }
    }
}
