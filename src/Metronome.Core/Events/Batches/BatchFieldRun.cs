namespace Metronome.Core.Events.Batches;

/// <summary>
/// Fields encoded once for many events (a drain's source fields, which start every event of a body, and its
/// tags, which end them): <see cref="EventBatchWriter.WriteFields"/> copies their bytes, the ones writing each
/// with <see cref="EventBatchWriter.WriteField(string, FieldValue)"/> gives, instead of encoding them again.
/// </summary>
public sealed class BatchFieldRun
{
    // Where runs are encoded: a writer's arrays are a few KB, and a run is made per drain request.
    [ThreadStatic]
    private static EventBatchWriter? t_scratch;

    public BatchFieldRun(IReadOnlyList<KeyValuePair<string, FieldValue>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var writer = t_scratch ??= new EventBatchWriter(256);
        writer.Clear();
        for (int i = 0; i < fields.Count; i++)
        {
            writer.WriteField(fields[i].Key, fields[i].Value);
        }

        Count = fields.Count;
        Bytes = writer.FieldBytesWithoutEvent.ToArray();
        LastTextLength = writer.TextLength;
    }

    public int Count { get; }

    internal byte[] Bytes { get; }

    /// <summary>The last field's text length in bytes, or -1 when it is not text (what a suffix field after the
    /// run may refer to).</summary>
    internal int LastTextLength { get; }
}
