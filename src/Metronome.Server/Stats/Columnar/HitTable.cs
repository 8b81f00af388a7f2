using Metronome.Core.Events;
using Metronome.Server.Stats.Execution;

namespace Metronome.Server.Stats.Columnar;

/// <summary>
/// The web events of one app and period as columns of small ids, sorted so that each visitor's hits are
/// contiguous (and, when visits are cut, in the order <see cref="StatsDataset"/> sorts them: time,
/// pageviews first, receipt time). Per hit: the visitor, the time, the name and one id per projected
/// field; <see cref="Visits"/> holds the visits when they were cut.
/// </summary>
public sealed class HitTable
{
    private readonly Dictionary<string, int> _fieldIndex;

    internal HitTable(int count, int[] visitors, long[] timeUs, int[][] fieldIds, ValueInterner[] interners, IReadOnlyList<string> fields)
    {
        Count = count;
        Visitors = visitors;
        TimeUs = timeUs;
        FieldIds = fieldIds;
        Interners = interners;
        _fieldIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int f = fields.Count - 1; f >= 0; f--)
        {
            _fieldIndex[fields[f]] = f;
        }

        NameIds = Ids(FieldNames.Name);
        var isView = HitTableLoader.PageviewNames(Interner(FieldNames.Name));
        IsPageview = new bool[count];
        for (int i = 0; i < count; i++)
        {
            IsPageview[i] = isView[NameIds[i]];
        }
    }

    public int Count { get; }

    /// <summary>Dense visitor ids; equal ids are contiguous.</summary>
    public int[] Visitors { get; }

    public long[] TimeUs { get; }

    public bool[] IsPageview { get; }

    public int[] NameIds { get; }

    /// <summary>The visits, when the table was loaded with them cut.</summary>
    public HitVisits? Visits { get; internal set; }

    private int[][] FieldIds { get; }

    private ValueInterner[] Interners { get; }

    public bool Has(string field) => _fieldIndex.ContainsKey(field);

    /// <summary>The value id of <paramref name="field"/> per hit (0 when absent).</summary>
    public int[] Ids(string field) => FieldIds[_fieldIndex[field]];

    public ValueInterner Interner(string field) => Interners[_fieldIndex[field]];
}
