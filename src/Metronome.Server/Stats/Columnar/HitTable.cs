using Metronome.Core.Events;
using Metronome.Server.Stats.Execution;

namespace Metronome.Server.Stats.Columnar;

/// <summary>
/// The web events of one app and period as columns of small ids: per hit the visitor, the time and one
/// id per projected field (the name among them when loaded). Either the hits themselves are in visitor
/// order, each visitor's hits in the order <see cref="StatsDataset"/> cuts visits in, with
/// <see cref="Visits"/> cut; or they stay in scan order and <see cref="VisitorOrder"/> lists them
/// visitor by visitor, which is all that counting distinct visitors needs.
/// </summary>
public sealed class HitTable
{
    private readonly Dictionary<string, int> _fieldIndex;
    private readonly int[][] _fieldIds;
    private readonly ValueInterner[] _interners;
    private bool[]? _isPageview;

    internal HitTable(int count, long[] timeUs, int[][] fieldIds, ValueInterner[] interners, IReadOnlyList<string> fields, int[]? visitorOrder, int[] visitorStarts)
    {
        Count = count;
        TimeUs = timeUs;
        _fieldIds = fieldIds;
        _interners = interners;
        Visitors = fieldIds[0];
        VisitorOrder = visitorOrder;
        VisitorStarts = visitorStarts;
        _fieldIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int f = fields.Count - 1; f >= 0; f--)
        {
            _fieldIndex[fields[f]] = f;
        }
    }

    public int Count { get; }

    /// <summary>Dense visitor ids, from 1.</summary>
    public int[] Visitors { get; }

    public long[] TimeUs { get; }

    /// <summary>The hits visitor by visitor (visitor v's are <c>VisitorOrder[VisitorStarts[v]..VisitorStarts[v + 1]]</c>);
    /// null when the hits themselves are in that order.</summary>
    public int[]? VisitorOrder { get; }

    public int[] VisitorStarts { get; }

    /// <summary>The name id of each hit (when names were loaded).</summary>
    public int[] NameIds => Ids(FieldNames.Name);

    /// <summary>Whether each hit is a pageview (when names were loaded).</summary>
    public bool[] IsPageview => _isPageview ??= PageviewsOf(NameIds, HitTableLoader.PageviewNames(Interner(FieldNames.Name)));

    /// <summary>The visits, when the table was loaded with them cut.</summary>
    public HitVisits? Visits { get; internal set; }

    public bool Has(string field) => _fieldIndex.ContainsKey(field);

    /// <summary>The value id of <paramref name="field"/> per hit (0 when absent).</summary>
    public int[] Ids(string field) => _fieldIds[_fieldIndex[field]];

    public ValueInterner Interner(string field) => _interners[_fieldIndex[field]];

    /// <summary>How many visitors have a hit that passes <paramref name="mask"/> (null: every hit passes).</summary>
    public long DistinctVisitors(bool[]? mask)
    {
        long count = 0;
        for (int v = 1; v + 1 < VisitorStarts.Length; v++)
        {
            for (int k = VisitorStarts[v]; k < VisitorStarts[v + 1]; k++)
            {
                if (mask is null || mask[VisitorOrder?[k] ?? k])
                {
                    count++;
                    break;
                }
            }
        }

        return count;
    }

    private static bool[] PageviewsOf(int[] names, bool[] isView)
    {
        var pageviews = new bool[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            pageviews[i] = isView[names[i]];
        }

        return pageviews;
    }
}
