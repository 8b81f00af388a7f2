using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest.Heroku;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Decoding;

/// <summary>
/// The fields a drain context gives every event: its source fields first (<c>_sourcecategory</c> and
/// <c>_sourcename</c>, each when set) and its tags last, also encoded for the batch, so that a router event
/// written straight into it copies them instead of writing them field by field (through the tag list's
/// interface) per line. Made once per context, which is immutable, and kept for the calling thread's last
/// context: the lines of a body share theirs.
/// </summary>
internal sealed class ContextFields
{
    [ThreadStatic]
    private static ContextFields? t_last;

    private ContextFields(DrainContext context)
    {
        Context = context;
        var source = new List<KeyValuePair<string, FieldValue>>(2);
        if (context.SourceCategory.Length > 0)
        {
            source.Add(KeyValuePair.Create(FieldNames.SourceCategory, FieldValue.From(context.SourceCategory)));
        }

        if (context.SourceName.Length > 0)
        {
            source.Add(KeyValuePair.Create(FieldNames.SourceName, FieldValue.From(context.SourceName)));
        }

        Source = new ReservedFieldRun([.. source]);
        EncodedTags = TagsCanFollowRouterFields(context.Tags) ? new BatchFieldRun(context.Tags) : null;
    }

    public DrainContext Context { get; }

    public ReservedFieldRun Source { get; }

    /// <summary>The tags encoded, or null when they cannot simply follow a router line's fields: when a tag
    /// key equals (ignoring case) an envelope key (all reserved), a key the router parser may add, or another
    /// tag's key, <see cref="FieldListBuilder.Set"/> would replace that field instead.</summary>
    public BatchFieldRun? EncodedTags { get; }

    public static ContextFields Of(DrainContext context)
    {
        var last = t_last;
        return last is not null && ReferenceEquals(last.Context, context) ? last : t_last = new ContextFields(context);
    }

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
