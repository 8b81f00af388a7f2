using Metronome.Core.Events;
using Metronome.Query.Planning;
using Metronome.Query.Sources;

namespace Metronome.Query.Execution;

/// <summary>Turns scanned events into rows: <c>_messagetime</c> in epoch ms, <c>_raw</c>, and either
/// the projected fields or (raw queries) every field, slots added as new names appear. Verifies the
/// scope filter when the source did not apply it.</summary>
internal sealed class RowLoader
{
    private readonly FieldSlots _slots;
    private readonly (string Name, int Slot)[]? _projection;
    private readonly bool _loadRaw;
    private readonly ScanFilterMatcher _matcher;

    public RowLoader(ScanSpec spec, FieldSlots slots)
    {
        _slots = slots;
        _matcher = new ScanFilterMatcher(spec.Filter);
        _loadRaw = spec.NeedsField(FieldNames.Raw);
        if (spec.Fields is not null)
        {
            _projection = spec.Fields
                .Where(n => !n.Equals(FieldNames.Raw, StringComparison.OrdinalIgnoreCase) && !n.Equals(FieldNames.MessageTime, StringComparison.OrdinalIgnoreCase))
                .Select(n => (n, slots.GetOrAdd(n)))
                .ToArray();
        }
    }

    public void Load(EventBatch events, RowBatch batch)
    {
        foreach (var e in events.Events)
        {
            if (!events.FilterApplied && !_matcher.IsAll && !_matcher.Matches(e))
            {
                continue;
            }

            var row = new FieldValue[_slots.Count];
            row[FieldSlots.MessageTime] = e.TimeUs / 1000;
            if (_projection is not null)
            {
                if (_loadRaw)
                {
                    row[FieldSlots.Raw] = e.Get(FieldNames.Raw);
                }

                foreach (var (name, slot) in _projection)
                {
                    row[slot] = EventFields.Get(e, name);
                }
            }
            else
            {
                row = Rows.Set(row, _slots.GetOrAdd(FieldNames.Name), e.Name);
                foreach (var pair in e.Fields)
                {
                    row = Rows.Set(row, _slots.GetOrAdd(pair.Key), pair.Value);
                }
            }

            batch.Add(row);
        }
    }
}
