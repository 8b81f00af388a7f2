using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest.Heroku;
using Metronome.Ingest.Logfmt;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Decoding;

/// <summary>Event fields collected in a <see cref="FieldListBuilder"/>, with its rules for reserved and
/// repeated keys: the path every line can take.</summary>
internal readonly struct FieldListFields(FieldListBuilder fields) : IEnvelopeFields, IRouterFields
{
    public bool HasParsed => fields.HasParsed;

    public void AddReserved(ReservedFieldRun run)
    {
        foreach (var (key, value) in run.Fields)
        {
            fields.AddReserved(key, value);
        }
    }

    // Pooled: the same few hosts and procs come line after line, and the batch caches a repeated string's encoding.
    public void AddReservedToken(BatchKey key, ReadOnlySpan<byte> value) => fields.AddReserved(key.Name, Utf8StringCache.Get(value));

    public void AddReservedUtf8(BatchKey key, ReadOnlySpan<byte> value) => fields.AddReservedUtf8(key.Name, value);

    public void AddReservedUtf8Suffix(BatchKey key, int skip) => fields.AddReservedUtf8Suffix(key.Name, skip);

    /// <summary>Set after parsing, so a parsed key of the same name cannot duplicate or hide a tag.</summary>
    public void AddTags(ContextFields context)
    {
        // Indexed: a foreach over the interface would allocate an enumerator per event.
        var tags = context.Tags;
        for (int i = 0; i < tags.Count; i++)
        {
            fields.Set(tags[i].Key, tags[i].Value, repeated: true);
        }
    }

    public bool TryAddOther(in LogfmtToken token)
    {
        LogfmtFields.AddPair(token, fields);
        return true;
    }

    public void AddUtf8Slice(BatchKey key, ReadOnlySpan<byte> text, ReadOnlySpan<byte> value, bool distinct)
    {
        if (distinct)
        {
            fields.AddDistinctUtf8Slice(key.Name, text, value);
        }
        else
        {
            fields.AddUtf8Slice(key.Name, text, value);
        }
    }

    public void Add(BatchKey key, FieldValue value, bool distinct)
    {
        if (distinct)
        {
            fields.AddDistinct(key.Name, value);
        }
        else
        {
            fields.Add(key.Name, value);
        }
    }
}
