using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest.Heroku;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Decoding;

/// <summary>
/// The fields a drain context gives every event: its source fields first (<c>_sourcecategory</c> and
/// <c>_sourcename</c>, each when set) and its tags last, also encoded for the batch, so that a router event
/// written straight into it copies them instead of writing them field by field (through the tag list's
/// interface) per line. Kept for the calling thread's last context and reused for the next one with the same
/// source names and tag list (contexts are immutable; a request's, a connection's reads, a peer's datagrams
/// share theirs).
/// </summary>
internal sealed class ContextFields
{
    [ThreadStatic]
    private static ContextFields? t_last;

    private readonly string _sourceCategory;
    private readonly string _sourceName;
    private BatchFieldRun? _encodedTags;
    private bool _tagsEncoded;

    private ContextFields(DrainContext context)
    {
        (_sourceCategory, _sourceName, Tags) = (context.SourceCategory, context.SourceName, context.Tags);
        KeyValuePair<string, FieldValue>[] category = _sourceCategory.Length > 0 ? [KeyValuePair.Create(FieldNames.SourceCategory, FieldValue.From(_sourceCategory))] : [];
        KeyValuePair<string, FieldValue>[] name = _sourceName.Length > 0 ? [KeyValuePair.Create(FieldNames.SourceName, FieldValue.From(_sourceName))] : [];
        Source = new ReservedFieldRun([.. category, .. name]);
    }

    public ReservedFieldRun Source { get; }

    public IReadOnlyList<KeyValuePair<string, FieldValue>> Tags { get; }

    /// <summary>The tags encoded, or null when they cannot simply follow a router line's fields: when a tag
    /// key equals (ignoring case) an envelope key (all reserved), a key the router parser may add, or another
    /// tag's key, <see cref="FieldListBuilder.Set"/> would replace that field instead.</summary>
    public BatchFieldRun? EncodedTags
    {
        get
        {
            if (!_tagsEncoded)
            {
                _encodedTags = TagsCanFollowRouterFields(Tags) ? new BatchFieldRun(Tags) : null;
                _tagsEncoded = true;
            }

            return _encodedTags;
        }
    }

    public static ContextFields Of(DrainContext context)
    {
        var last = t_last;
        return last is not null && last.Fits(context) ? last : t_last = new ContextFields(context);
    }

    private bool Fits(DrainContext context) =>
        ReferenceEquals(Tags, context.Tags) && _sourceCategory == context.SourceCategory && _sourceName == context.SourceName;

    private static bool TagsCanFollowRouterFields(IReadOnlyList<KeyValuePair<string, FieldValue>> tags)
    {
        for (int i = 0; i < tags.Count; i++)
        {
            var key = tags[i].Key;
            if (key.Length > 0 && (ReservedFields.Contains(key) || RouterLineParser.MayAdd(key)))
            {
                return false;
            }

            for (int j = 0; j < i; j++)
            {
                if (string.Equals(tags[j].Key, key, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
