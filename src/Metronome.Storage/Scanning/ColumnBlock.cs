using Metronome.Core.Events;

namespace Metronome.Storage.Scanning;

/// <summary>
/// The matching rows of one block of a projected scan (<see cref="IEventStore.ScanColumns"/>): their
/// times and the requested fields, column by column, without building events. Arrays are indexed by the
/// row within the block; <see cref="Selection"/> lists the rows that match. A block and its arrays are
/// only valid until the scan moves to the next block (they go back to shared pools).
/// </summary>
public sealed class ColumnBlock
{
    private readonly Func<long[]> _receipts;
    private long[]? _receiptUs;

    internal ColumnBlock(int count, int[] selection, long[] timeUs, Func<long[]> receiptUs, FieldColumn[] fields)
    {
        Count = count;
        Selection = selection;
        TimeUs = timeUs;
        _receipts = receiptUs;
        Fields = fields;
    }

    /// <summary>How many rows match: the first <see cref="Count"/> entries of <see cref="Selection"/>.</summary>
    public int Count { get; }

    /// <summary>The matching rows, ascending.</summary>
    public int[] Selection { get; }

    /// <summary><c>_messagetime</c> per row, µs.</summary>
    public long[] TimeUs { get; }

    /// <summary><c>_receipttime</c> per row, µs (decoded on first use: most callers need only the event time).</summary>
    public long[] ReceiptUs => _receiptUs ??= _receipts();

    /// <summary>One column per requested field, in the order requested.</summary>
    public IReadOnlyList<FieldColumn> Fields { get; }
}

/// <summary>
/// One field of a <see cref="ColumnBlock"/>. When the field is one dictionary-encoded column,
/// <see cref="Codes"/> index <see cref="Dictionary"/> (the same arrays for every block of a segment, so
/// callers can translate codes once per dictionary); otherwise <see cref="HashAt"/> identifies values
/// without building them. Either way <see cref="Value"/> gives the value itself.
/// </summary>
public sealed class FieldColumn
{
    private readonly bool[]? _present;
    private readonly ulong[]? _hashes;
    private readonly Func<int, ulong>? _hashOf;
    private readonly Func<int, FieldValue>? _value;

    internal FieldColumn(long[] codes, string[] dictionary, ulong[] dictionaryHashes)
    {
        Codes = codes;
        Dictionary = dictionary;
        DictionaryHashes = dictionaryHashes;
    }

    internal FieldColumn(bool[]? present, ulong[] hashes, Func<int, FieldValue> value)
    {
        _present = present;
        _hashes = hashes;
        _value = value;
    }

    /// <summary>A column whose hashes are worked out only for the rows a caller asks about (plain
    /// text: a query that parses <c>_raw</c> never needs them).</summary>
    internal FieldColumn(bool[]? present, Func<int, ulong> hashOf, Func<int, FieldValue> value)
    {
        _present = present;
        _hashOf = hashOf;
        _value = value;
    }

    private FieldColumn()
    {
    }

    /// <summary>A field no row has.</summary>
    public static FieldColumn Absent { get; } = new();

    /// <summary>Dictionary codes per row, -1 where the row has no value; null when not dictionary-coded.</summary>
    public long[]? Codes { get; }

    public string[]? Dictionary { get; }

    /// <summary><see cref="FieldValueHash.Of(string)"/> of each dictionary entry.</summary>
    public ulong[]? DictionaryHashes { get; }

    public bool IsPresent(int row) =>
        Codes is not null ? Codes[row] >= 0 : (_hashes is not null || _hashOf is not null) && (_present is null || _present[row]);

    /// <summary><see cref="FieldValueHash"/> of the row's value; only meaningful when the row has one.</summary>
    public ulong HashAt(int row) => Codes is not null ? DictionaryHashes![Codes[row]] : _hashes is not null ? _hashes[row] : _hashOf!(row);

    public FieldValue Value(int row) =>
        !IsPresent(row) ? FieldValue.Null
        : Codes is not null ? Dictionary![Codes[row]]
        : _value!(row);
}
