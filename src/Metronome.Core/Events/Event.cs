namespace Metronome.Core.Events;

/// <summary>
/// One event: a tick, a tracker hit, a log line or a pulled metric. Times are microseconds since the
/// Unix epoch, UTC. Everything that is not one of the fixed members is a typed field; field keys are
/// stored as sent and compared case-insensitively by queries.
/// </summary>
public sealed class Event
{
    public Event(string app, string name, long timeUs, long receiptTimeUs, IReadOnlyList<KeyValuePair<string, FieldValue>>? fields = null)
    {
        App = app;
        Name = name;
        TimeUs = timeUs;
        ReceiptTimeUs = receiptTimeUs;
        Fields = fields ?? [];
    }

    /// <summary>The Metronome app (tenant) that owns the event: <c>_app</c>.</summary>
    public string App { get; }

    /// <summary>What kind of event it is (<c>view</c>, <c>download</c>, <c>router</c>, ...): <c>name</c>.</summary>
    public string Name { get; }

    /// <summary>When it happened: <c>_messagetime</c>.</summary>
    public long TimeUs { get; }

    /// <summary>When Metronome accepted it: <c>_receipttime</c>.</summary>
    public long ReceiptTimeUs { get; }

    /// <summary>All other fields (<c>id</c>, <c>_sourcecategory</c>, <c>_raw</c>, properties), in arrival order, keys unique.</summary>
    public IReadOnlyList<KeyValuePair<string, FieldValue>> Fields { get; }

    /// <summary>Looks a field up by key, case-insensitively. Linear: events carry few fields. An index loop,
    /// because foreach over the interface would allocate an enumerator on every lookup.</summary>
    public FieldValue Get(string key)
    {
        var fields = Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var pair = fields[i];
            if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return FieldValue.Null;
    }
}
