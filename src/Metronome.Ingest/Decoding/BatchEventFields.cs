using System.Diagnostics;
using System.Text.Unicode;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest.Heroku;
using Metronome.Ingest.Logfmt;

namespace Metronome.Ingest.Decoding;

/// <summary>
/// The fields of a router event written straight into its batch, in the order they come, with the bytes
/// <see cref="Text.FieldListBuilder.WriteTo"/> would write for them. It takes none of the builder's checks, so
/// its caller (<see cref="EventFactory"/>) sends only what needs none: a line whose <c>_raw</c> is valid UTF-8
/// (then every header token and value cut from it at ASCII bytes is too, and <c>message</c> is the end of
/// <c>_raw</c>'s bytes), with documented router keys only (which are distinct from the envelope's and each
/// other's, and the parser drops their repeats), and tags that can follow them (<see cref="ContextFields.EncodedTags"/>).
/// </summary>
internal struct BatchEventFields(EventBatchWriter writer) : IEnvelopeFields, IRouterFields
{
    /// <summary>The fields written so far: the event's field count once it is complete.</summary>
    public int Count { get; private set; }

    public readonly bool HasParsed => false;

    public void AddReserved(ReservedFieldRun run)
    {
        writer.WriteFields(run.Encoded);
        Count += run.Encoded.Count;
    }

    // The bytes of the pooled string the field list would hold: the token is valid UTF-8.
    public void AddReservedToken(BatchKey key, ReadOnlySpan<byte> value) => AddReservedUtf8(key, value);

    public void AddReservedUtf8(BatchKey key, ReadOnlySpan<byte> value)
    {
        Debug.Assert(Utf8.IsValid(value), "the caller checked _raw, which holds this");
        writer.WriteUtf8Field(key, value);
        Count++;
    }

    public void AddReservedUtf8Suffix(BatchKey key, int skip)
    {
        writer.WriteUtf8SuffixField(key, skip);
        Count++;
    }

    public void AddTags(ContextFields context)
    {
        var tags = context.EncodedTags ?? throw new InvalidOperationException("the context's tags would replace fields");
        writer.WriteFields(tags);
        Count += tags.Count;
    }

    public readonly bool TryAddOther(in LogfmtToken token) => false;

    public void AddUtf8Slice(BatchKey key, ReadOnlySpan<byte> text, ReadOnlySpan<byte> value, bool distinct)
    {
        writer.WriteUtf8Field(key, value);
        Count++;
    }

    public void Add(BatchKey key, FieldValue value, bool distinct)
    {
        writer.WriteField(key, value);
        Count++;
    }
}
