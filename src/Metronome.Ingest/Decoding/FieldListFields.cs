using Metronome.Core.Events;
using Metronome.Ingest.Heroku;
using Metronome.Ingest.Logfmt;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Decoding;

/// <summary>Event fields collected in a <see cref="FieldListBuilder"/>, with its rules for reserved and
/// repeated keys: the path every line can take.</summary>
internal readonly struct FieldListFields(FieldListBuilder fields) : IEnvelopeFields, IRouterFields
{
    public bool HasParsed => fields.HasParsed;

    public void AddReserved(string key, string value) => fields.AddReserved(key, value);

    // Pooled: the same few hosts and procs come line after line, and the batch caches a repeated string's encoding.
    public void AddReservedToken(string key, ReadOnlySpan<byte> value) => fields.AddReserved(key, Utf8StringCache.Get(value));

    public void AddReservedUtf8(string key, ReadOnlySpan<byte> value) => fields.AddReservedUtf8(key, value);

    public void AddReservedUtf8Suffix(string key, int skip) => fields.AddReservedUtf8Suffix(key, skip);

    public void SetTag(string key, FieldValue value) => fields.Set(key, value, repeated: true);

    public bool TryAddOther(in LogfmtToken token)
    {
        LogfmtFields.AddPair(token, fields);
        return true;
    }

    public void AddUtf8Slice(string key, ReadOnlySpan<byte> text, ReadOnlySpan<byte> value, bool distinct)
    {
        if (distinct)
        {
            fields.AddDistinctUtf8Slice(key, text, value);
        }
        else
        {
            fields.AddUtf8Slice(key, text, value);
        }
    }

    public void Add(string key, FieldValue value, bool distinct)
    {
        if (distinct)
        {
            fields.AddDistinct(key, value);
        }
        else
        {
            fields.Add(key, value);
        }
    }
}
