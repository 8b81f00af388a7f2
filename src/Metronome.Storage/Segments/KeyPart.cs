using Metronome.Core.Events;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// One group key within one segment: gives each selected row a small id (0 = the field is absent) and
/// turns an id back into its key value and <see cref="GroupKeyHash"/>. Ids stay below <see cref="Stride"/>,
/// so the ids of several parts combine into one number (id0 + stride0·(id1 + stride1·id2)).
/// </summary>
internal abstract class KeyPart
{
    public abstract long Stride { get; }

    /// <summary>The id every row of the block has, when the block's metadata proves there is only one.</summary>
    public abstract bool TryBlockConstant(BlockColumns columns, out int id);

    /// <summary>Writes the id of each selected row.</summary>
    public abstract void Ids(BlockSelection selection, BlockColumns columns, Span<int> ids);

    public abstract FieldValue Value(int id);

    public virtual ulong Hash(int id) => GroupKeyHash.Of(Value(id));
}

/// <summary>The same key for every row: the app, or a field this segment never stores.</summary>
internal sealed class ConstantKeyPart(FieldValue value) : KeyPart
{
    public override long Stride => 1;

    public override bool TryBlockConstant(BlockColumns columns, out int id)
    {
        id = 0;
        return true;
    }

    public override void Ids(BlockSelection selection, BlockColumns columns, Span<int> ids) => ids[..selection.Count].Clear();

    public override FieldValue Value(int id) => value;
}

/// <summary>A dictionary column: the id is the code + 1, the hash the dictionary entry's (kept by the segment).</summary>
internal sealed class DictionaryKeyPart(Segment segment, int column) : KeyPart
{
    private readonly string[] _dictionary = segment.Dictionary(column);
    private readonly ulong[] _hashes = segment.DictionaryHashes(column);

    public override long Stride => _dictionary.Length + 1;

    public override bool TryBlockConstant(BlockColumns columns, out int id) =>
        SingleValue(columns.Block, segment, column, out long code, out id) && (id == 0 || Checked(code, out id));

    public override void Ids(BlockSelection selection, BlockColumns columns, Span<int> ids)
    {
        var vector = columns[column];
        var rows = selection.Span;
        if (vector.NonePresent)
        {
            ids[..rows.Length].Clear();
            return;
        }

        var codes = vector.Longs;
        uint limit = (uint)_dictionary.Length;
        bool bad = false;
        for (int s = 0; s < rows.Length; s++)
        {
            int dense = vector.DenseIndex(rows[s]);
            long code = dense < 0 ? -1 : codes[dense];
            bad |= code >= limit;
            ids[s] = (int)code + 1;
        }

        if (bad)
        {
            throw new CorruptDataException($"segment {segment.Info.File}: a dictionary code is outside its {limit} entries");
        }
    }

    public override FieldValue Value(int id) => id == 0 ? FieldValue.Null : _dictionary[id - 1];

    public override ulong Hash(int id) => id == 0 ? GroupKeyHash.Of(FieldValue.Null) : _hashes[id - 1];

    /// <summary>Whether every row of the block has the same value (or none): then <paramref name="id"/> is 0
    /// for none, else 1 and <paramref name="value"/> is it.</summary>
    internal static bool SingleValue(BlockDescriptor block, Segment segment, int column, out long value, out int id)
    {
        var chunk = segment.ChunkOf(block, column);
        value = chunk?.Min ?? 0;
        id = chunk is null || chunk.PresentRows == 0 ? 0 : 1;
        return id == 0 || (chunk!.PresentRows == block.Rows && chunk.Min == chunk.Max);
    }

    private bool Checked(long code, out int id)
    {
        id = (ulong)code < (ulong)_dictionary.Length ? (int)code + 1 : throw new CorruptDataException($"segment {segment.Info.File}: a dictionary code is outside its entries");
        return true;
    }
}

/// <summary>An integer column: ids are offsets from the segment's smallest value when the values span a
/// small range, else assigned on first sight.</summary>
internal sealed class IntegerKeyPart : KeyPart
{
    private const long DenseRange = 1 << 16;
    private readonly Segment _segment;
    private readonly int _column;
    private readonly long _min = long.MaxValue;
    private readonly long _max = long.MinValue;
    private readonly bool _dense;
    private readonly Dictionary<long, int>? _ids;
    private readonly List<long>? _values;

    public IntegerKeyPart(Segment segment, int column)
    {
        _segment = segment;
        _column = column;
        foreach (var block in segment.Blocks)
        {
            if (segment.ChunkOf(block, column) is { PresentRows: > 0 } chunk)
            {
                _min = Math.Min(_min, chunk.Min);
                _max = Math.Max(_max, chunk.Max);
            }
        }

        _dense = _min > _max || (_max >= 0 ? _max - DenseRange < _min : _max < _min + DenseRange);
        if (!_dense)
        {
            _ids = [];
            _values = [];
        }
    }

    public override long Stride => !_dense ? _segment.Info.Rows + 1L : _min > _max ? 1 : _max - _min + 2;

    public override bool TryBlockConstant(BlockColumns columns, out int id)
    {
        if (!DictionaryKeyPart.SingleValue(columns.Block, _segment, _column, out long value, out id))
        {
            return false;
        }

        if (id != 0)
        {
            id = IdOf(value);
        }

        return true;
    }

    public override void Ids(BlockSelection selection, BlockColumns columns, Span<int> ids)
    {
        var vector = columns[_column];
        var rows = selection.Span;
        if (vector.NonePresent)
        {
            ids[..rows.Length].Clear();
            return;
        }

        var values = vector.Longs;
        for (int s = 0; s < rows.Length; s++)
        {
            int dense = vector.DenseIndex(rows[s]);
            ids[s] = dense < 0 ? 0 : IdOf(values[dense]);
        }
    }

    public override FieldValue Value(int id) => id == 0 ? FieldValue.Null : _dense ? _min + id - 1 : _values![id - 1];

    private int IdOf(long value)
    {
        if (_dense)
        {
            return value >= _min && value <= _max
                ? (int)(value - _min) + 1
                : throw new CorruptDataException($"segment {_segment.Info.File}: value {value} lies outside its chunks' range [{_min}, {_max}]");
        }

        if (!_ids!.TryGetValue(value, out int id))
        {
            _values!.Add(value);
            _ids[value] = id = _values.Count;
        }

        return id;
    }
}

/// <summary>Any other field (doubles, bools, plain strings, or values stored under several kinds): ids
/// assigned on first sight of each value.</summary>
internal sealed class ValueKeyPart(Segment segment, IReadOnlyList<int> columns) : KeyPart
{
    private readonly Dictionary<FieldValue, int> _ids = [];
    private readonly List<FieldValue> _values = [FieldValue.Null];

    public override long Stride => segment.Info.Rows + 1L;

    public override bool TryBlockConstant(BlockColumns blockColumns, out int id)
    {
        id = 0;
        foreach (int column in columns)
        {
            if (segment.ChunkOf(blockColumns.Block, column) is { PresentRows: > 0 })
            {
                return false;
            }
        }

        return true;
    }

    public override void Ids(BlockSelection selection, BlockColumns blockColumns, Span<int> ids)
    {
        var rows = selection.Span;
        for (int s = 0; s < rows.Length; s++)
        {
            var value = RowValue(blockColumns, columns, rows[s]);
            if (value.IsNull)
            {
                ids[s] = 0;
            }
            else if (_ids.TryGetValue(value, out int id))
            {
                ids[s] = id;
            }
            else
            {
                ids[s] = _ids[value] = _values.Count;
                _values.Add(value);
            }
        }
    }

    public override FieldValue Value(int id) => _values[id];

    /// <summary>A field's value on a row: the first of its columns that has one.</summary>
    internal static FieldValue RowValue(BlockColumns blockColumns, IReadOnlyList<int> columns, int row)
    {
        foreach (int column in columns)
        {
            var vector = blockColumns[column];
            int dense = vector.DenseIndex(row);
            if (dense >= 0)
            {
                return vector.Value(dense);
            }
        }

        return FieldValue.Null;
    }
}
