using Metronome.Core.Events;

namespace Metronome.Query.Sources;

/// <summary>Reads a field of an event by query name, including the fixed members (<c>_app</c>,
/// <c>name</c>, times in epoch milliseconds as Sumo has them).</summary>
public static class EventFields
{
    public static FieldValue Get(Event e, string name)
    {
        if (name.Length > 0 && (name[0] == '_' || name[0] == 'n' || name[0] == 'N'))
        {
            if (name.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase))
            {
                return e.App;
            }

            if (name.Equals(FieldNames.Name, StringComparison.OrdinalIgnoreCase))
            {
                return e.Name;
            }

            if (name.Equals(FieldNames.MessageTime, StringComparison.OrdinalIgnoreCase))
            {
                return e.TimeUs / 1000;
            }

            if (name.Equals(FieldNames.ReceiptTime, StringComparison.OrdinalIgnoreCase))
            {
                return e.ReceiptTimeUs / 1000;
            }
        }

        return e.Get(name);
    }
}
