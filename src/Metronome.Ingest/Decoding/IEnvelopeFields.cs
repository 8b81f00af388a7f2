using Metronome.Core.Events.Batches;

namespace Metronome.Ingest.Decoding;

/// <summary>Where <see cref="EventFactory"/> puts the fields it adds to every event, the syslog envelope and the
/// drain's tags: the field list (<see cref="FieldListFields"/>), or a router event written straight into its
/// batch (<see cref="BatchEventFields"/>). Implemented by structs, so each is a specialised call.</summary>
internal interface IEnvelopeFields
{
    /// <summary>Fields many events have alike (source fields, facility and severity).</summary>
    void AddReserved(ReservedFieldRun run);

    /// <summary>A header token as sent (HOSTNAME, APP-NAME, PROCID, MSGID).</summary>
    void AddReservedToken(BatchKey key, ReadOnlySpan<byte> value);

    /// <summary>Text as sent (<c>_raw</c>, STRUCTURED-DATA).</summary>
    void AddReservedUtf8(BatchKey key, ReadOnlySpan<byte> value);

    /// <summary>The end of the previous field's text from byte <paramref name="skip"/> on (<c>message</c>).</summary>
    void AddReservedUtf8Suffix(BatchKey key, int skip);

    /// <summary>The context's tags, which end every event and win over a parsed key of the same name.</summary>
    void AddTags(ContextFields context);
}
