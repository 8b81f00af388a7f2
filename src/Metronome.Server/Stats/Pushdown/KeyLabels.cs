using Metronome.Core.Events;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Pushdown;

/// <summary>The text a dimension shows for a group key the store returned: the same text
/// <see cref="DimensionReader"/> reads from an event with that value.</summary>
public static class KeyLabels
{
    public static string Of(Dimension dimension, FieldValue value) =>
        value.IsNull ? DimensionReader.MissingLabel(dimension) : value.ToString();

    public static string OfReferrer(FieldValue host, FieldValue path) =>
        DimensionReader.ReferrerLabel(host.IsNull ? null : host.ToString(), path.IsNull ? null : path.ToString());
}
