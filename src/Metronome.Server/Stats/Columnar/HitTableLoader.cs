using System.Runtime.InteropServices;
using Metronome.Core.Events;
using Metronome.Ingest.Web;
using Metronome.Server.Stats.Execution;
using Metronome.Storage;
using Metronome.Storage.Scanning;

namespace Metronome.Server.Stats.Columnar;

/// <summary>
/// Builds a <see cref="HitTable"/> from the store's projected scan of the period's web events (visitor,
/// name and the fields a query reads; no events are built): interns every value, groups the hits by
/// visitor with a stable counting sort and, when visits are needed, puts each visitor's hits in time
/// order (they arrive mostly in order, so few runs need sorting) and cuts them. The scan's parts are
/// read on every core.
/// </summary>
public static class HitTableLoader
{
    /// <param name="fields">The fields to load besides the visitor (the name among them when needed; cutting visits loads it).</param>
    /// <param name="cutVisits">Put the hits in visitor and time order and cut visits; otherwise keep scan order.</param>
    public static HitTable Load(IEventStore store, string app, long fromUs, long toUs, IEnumerable<string> fields, bool cutVisits, CancellationToken cancellationToken)
    {
        var projected = new List<string> { WebFields.Visitor };
        foreach (var field in cutVisits ? fields.Prepend(FieldNames.Name) : fields)
        {
            if (!projected.Contains(field, StringComparer.OrdinalIgnoreCase))
            {
                projected.Add(field);
            }
        }

        var scan = new ScanQuery { App = app, FromUs = fromUs, ToUs = toUs, Filters = StatsDataset.WebEventsWithoutBots };
        var (columns, interners) = Project(store.ScanColumns(scan, projected, cancellationToken), projected.Count, cutVisits, cancellationToken);
        var (order, starts) = ByVisitor(columns.Ids[0], interners[0].Count);
        if (!cutVisits)
        {
            return new HitTable(order.Length, columns.Times, columns.Ids, interners, projected, order, starts);
        }

        var gathered = new Array[columns.Ids.Length + 2];
        Parallel.For(0, gathered.Length, new ParallelOptions { CancellationToken = cancellationToken }, c =>
            gathered[c] = c switch
            {
                0 => Gather(columns.Times, order),
                1 => Gather(columns.Receipts!, order),
                _ => Gather(columns.Ids[c - 2], order),
            });
        var times = (long[])gathered[0];
        var ids = gathered[2..].Cast<int[]>().ToArray();
        new RunSorter(times, (long[])gathered[1], ids, ids[1], PageviewNames(interners[1]), starts).SortRuns();
        var table = new HitTable(order.Length, times, ids, interners, projected, null, starts);
        table.Visits = HitVisits.Cut(table, table.Has(WebFields.Page) ? table.Ids(WebFields.Page) : null);
        return table;
    }

    /// <summary>
    /// Reads the parts of the projected scan on every core, each worker interning into its own
    /// interners, then concatenates the workers' rows with their ids translated into the first worker's.
    /// </summary>
    private static (Concatenated Columns, ValueInterner[] Interners) Project(IReadOnlyList<IEnumerable<ColumnBlock>> parts, int fields, bool receipts, CancellationToken cancellationToken)
    {
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, parts.Count));
        var loaded = new Loaded[workers];
        var interners = new ValueInterner[workers][];
        int next = -1;
        try
        {
            Parallel.For(0, workers, new ParallelOptions { CancellationToken = cancellationToken }, w =>
            {
                loaded[w] = new Loaded(fields, receipts);
                interners[w] = [.. Enumerable.Range(0, fields).Select(f => new ValueInterner(keepValues: f != 0))];
                for (int p = Interlocked.Increment(ref next); p < parts.Count; p = Interlocked.Increment(ref next))
                {
                    foreach (var block in parts[p])
                    {
                        loaded[w].Add(block, interners[w]);
                    }
                }
            });
        }
        catch (AggregateException ex)
        {
            // A worker's own exception (a corrupt chunk, a cancelled query), as the scan would throw it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }

        var maps = new int[workers][][];
        for (int w = 1; w < workers; w++)
        {
            maps[w] = [.. Enumerable.Range(0, fields).Select(f => interners[0][f].Absorb(interners[w][f]))];
        }

        return (new Concatenated(loaded, maps, receipts), interners[0]);
    }

    /// <summary>Per name id, whether the name is the pageview's.</summary>
    public static bool[] PageviewNames(ValueInterner names)
    {
        var isView = new bool[names.Count];
        for (int id = 1; id < isView.Length; id++)
        {
            isView[id] = names.ValueOf(id) is { Kind: FieldKind.String } name && name.AsString == StatsNames.Pageview;
        }

        return isView;
    }

    /// <summary>A stable counting sort of the hits by visitor id: the order to gather them in, and where
    /// each visitor's run starts in it.</summary>
    private static (int[] Order, int[] Starts) ByVisitor(int[] visitors, int visitorIds)
    {
        var next = new int[visitorIds + 1];
        foreach (int v in visitors)
        {
            next[v + 1]++;
        }

        for (int v = 1; v < next.Length; v++)
        {
            next[v] += next[v - 1];
        }

        var starts = (int[])next.Clone();
        var order = new int[visitors.Length];
        for (int i = 0; i < visitors.Length; i++)
        {
            order[next[visitors[i]]++] = i;
        }

        return (order, starts);
    }

    private static T[] Gather<T>(T[] source, int[] order)
    {
        var target = new T[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            target[k] = source[order[k]];
        }

        return target;
    }

    /// <summary>Every worker's rows one after the other, ids in the first worker's numbering.</summary>
    private sealed class Concatenated
    {
        public Concatenated(Loaded[] workers, int[][][] maps, bool receipts)
        {
            int n = workers.Sum(w => w.Times.Count);
            Times = new long[n];
            Receipts = receipts ? new long[n] : null;
            Ids = [.. Enumerable.Range(0, workers[0].Ids.Length).Select(_ => new int[n])];
            int at = 0;
            for (int w = 0; w < workers.Length; w++)
            {
                int count = workers[w].Times.Count;
                CollectionsMarshal.AsSpan(workers[w].Times).CopyTo(Times.AsSpan(at));
                if (Receipts is not null)
                {
                    CollectionsMarshal.AsSpan(workers[w].Receipts).CopyTo(Receipts.AsSpan(at));
                }

                for (int f = 0; f < Ids.Length; f++)
                {
                    var source = CollectionsMarshal.AsSpan(workers[w].Ids[f]);
                    var target = Ids[f].AsSpan(at, count);
                    if (w == 0)
                    {
                        source.CopyTo(target);
                        continue;
                    }

                    var map = maps[w][f];
                    for (int i = 0; i < count; i++)
                    {
                        target[i] = map[source[i]];
                    }
                }

                at += count;
            }
        }

        public long[] Times { get; }

        public long[]? Receipts { get; }

        public int[][] Ids { get; }
    }

    /// <summary>The rows in scan order, as they arrive.</summary>
    private sealed class Loaded(int fields, bool withReceipts)
    {
        public List<long> Times { get; } = [];

        public List<long> Receipts { get; } = [];

        public List<int>[] Ids { get; } = [.. Enumerable.Range(0, fields).Select(_ => new List<int>())];

        public void Add(ColumnBlock block, ValueInterner[] interners)
        {
            var rows = block.Selection.AsSpan(0, block.Count);
            var times = Append(Times, rows.Length);
            for (int i = 0; i < rows.Length; i++)
            {
                times[i] = block.TimeUs[rows[i]];
            }

            if (withReceipts)
            {
                var receipts = Append(Receipts, rows.Length);
                for (int i = 0; i < rows.Length; i++)
                {
                    receipts[i] = block.ReceiptUs[rows[i]];
                }
            }

            for (int f = 0; f < interners.Length; f++)
            {
                interners[f].IdsOf(block.Fields[f], rows, Append(Ids[f], rows.Length));
            }
        }

        private static Span<T> Append<T>(List<T> list, int count)
        {
            int at = list.Count;
            if (list.Capacity < at + count)
            {
                list.Capacity = Math.Max(at + count, list.Capacity * 2);
            }

            CollectionsMarshal.SetCount(list, at + count);
            return CollectionsMarshal.AsSpan(list).Slice(at, count);
        }
    }

    /// <summary>
    /// Orders each visitor's run of hits by (time, pageviews first, receipt time), the order
    /// <see cref="StatsDataset"/> cuts visits in, moving every column along.
    /// </summary>
    private sealed class RunSorter(long[] times, long[] receipts, int[][] ids, int[] names, bool[] pageviewNames, int[] starts)
    {
        private int[] _index = new int[16];
        private long[] _longs = new long[16];
        private int[] _ints = new int[16];

        public void SortRuns()
        {
            for (int v = 1; v + 1 < starts.Length; v++)
            {
                int start = starts[v], end = starts[v + 1];
                for (int k = start + 1; k < end; k++)
                {
                    if (Compare(k - 1, k) > 0)
                    {
                        Sort(start, end - start);
                        break;
                    }
                }
            }
        }

        private int Compare(int x, int y)
        {
            int c = times[x].CompareTo(times[y]);
            if (c == 0)
            {
                c = pageviewNames[names[y]].CompareTo(pageviewNames[names[x]]);
            }

            return c != 0 ? c : receipts[x].CompareTo(receipts[y]);
        }

        private void Sort(int start, int length)
        {
            if (_index.Length < length)
            {
                _index = new int[length * 2];
                _longs = new long[length * 2];
                _ints = new int[length * 2];
            }

            var index = _index.AsSpan(0, length);
            for (int i = 0; i < length; i++)
            {
                index[i] = start + i;
            }

            if (length <= 32)
            {
                for (int i = 1; i < length; i++)
                {
                    int x = index[i];
                    int j = i - 1;
                    while (j >= 0 && Compare(index[j], x) > 0)
                    {
                        index[j + 1] = index[j];
                        j--;
                    }

                    index[j + 1] = x;
                }
            }
            else
            {
                index.Sort(Compare);
            }

            Permute(times, index, start, _longs);
            Permute(receipts, index, start, _longs);
            foreach (var column in ids)
            {
                Permute(column, index, start, _ints);
            }
        }

        private static void Permute<T>(T[] column, ReadOnlySpan<int> index, int start, T[] buffer)
        {
            for (int i = 0; i < index.Length; i++)
            {
                buffer[i] = column[index[i]];
            }

            buffer.AsSpan(0, index.Length).CopyTo(column.AsSpan(start));
        }
    }
}
