namespace Metronome.Storage.Segments;

/// <summary>The columns of the current block that a query has touched, each decoded once (a text column
/// stored as the ends of another reads that one from here too); released together when the block is done.</summary>
internal sealed class BlockColumns(Segment segment)
{
    private readonly BlockColumn?[] _columns = new BlockColumn?[segment.Columns.Count];
    private readonly List<int> _used = [];

    public BlockDescriptor Block { get; private set; } = null!;

    public BlockColumn this[int column]
    {
        get
        {
            var decoded = _columns[column];
            if (decoded is null)
            {
                _columns[column] = decoded = new BlockColumn(segment, Block, column, this);
                _used.Add(column);
            }

            return decoded;
        }
    }

    /// <summary>Moves to another block, releasing what the previous one decoded.</summary>
    public void Reset(BlockDescriptor block)
    {
        Release();
        Block = block;
    }

    public void Release()
    {
        foreach (int column in _used)
        {
            _columns[column]!.Release();
            _columns[column] = null;
        }

        _used.Clear();
    }
}
