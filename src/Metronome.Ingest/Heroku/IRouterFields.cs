using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest.Logfmt;

namespace Metronome.Ingest.Heroku;

/// <summary>Where <see cref="RouterLineParser"/> puts a line's fields: the field list, or a router event
/// written straight into its batch, which takes only lines of documented keys. Implemented by structs, so
/// the parser is specialised for each.</summary>
internal interface IRouterFields
{
    /// <summary>Whether parsed fields came before the line's: then every key is checked against them.</summary>
    bool HasParsed { get; }

    /// <summary>A pair whose key is not a documented router key; false when this target cannot take it
    /// (the parse stops and the line is not written).</summary>
    bool TryAddOther(in LogfmtToken token);

    /// <summary>A text field cut from <paramref name="text"/> (MSG) at ASCII bytes. <paramref name="distinct"/>:
    /// the parser vouches that the key is a documented one not added yet, so it needs no check.</summary>
    void AddUtf8Slice(BatchKey key, ReadOnlySpan<byte> text, ReadOnlySpan<byte> value, bool distinct);

    /// <summary>A typed field; <paramref name="distinct"/> as for <see cref="AddUtf8Slice"/>.</summary>
    void Add(BatchKey key, FieldValue value, bool distinct);
}
