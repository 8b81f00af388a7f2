using System.Buffers;
using Metronome.Core.Events;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// One aggregate's input over the selected rows of a block: the positions (indexes into the selection)
/// of the rows that have a usable value, with the value as a number or as its distinct-count hash. A
/// field stored under several kinds takes each row's value from the first of its columns that has one,
/// as materialized events do. Numbers follow the row path's rule (numbers, bools as 0/1, numeric text);
/// hashes are <see cref="DistinctAccumulator.HashOf"/> of the value, taken from the segment's cache for
/// dictionary entries and from the UTF-8 bytes for plain text. The arrays are pooled.
/// </summary>
internal struct AggregateInputs(Segment segment, BlockColumns columns, IReadOnlyList<int> fieldColumns, BlockSelection selection) : IDisposable
{
    private int[]? _positions;
    private double[]? _numbers;
    private ulong[]? _hashes;
    private bool[]? _taken;

    public (int[] Positions, double[] Numbers, int Count) Numbers()
    {
        var rows = selection.Span;
        _positions = ArrayPool<int>.Shared.Rent(rows.Length);
        _numbers = ArrayPool<double>.Shared.Rent(rows.Length);
        int found = 0;
        for (int c = 0; c < fieldColumns.Count; c++)
        {
            var column = columns[fieldColumns[c]];
            if (column.NonePresent)
            {
                continue;
            }

            var taken = Taken(rows.Length);
            switch (column.Encoding)
            {
                case ColumnEncoding.Integer:
                {
                    var values = column.Longs;
                    for (int s = 0; s < rows.Length; s++)
                    {
                        int dense = column.DenseIndex(rows[s]);
                        if (dense >= 0 && Take(taken, s))
                        {
                            _positions[found] = s;
                            _numbers[found++] = values[dense];
                        }
                    }

                    break;
                }

                case ColumnEncoding.Double:
                {
                    var values = column.Doubles;
                    for (int s = 0; s < rows.Length; s++)
                    {
                        int dense = column.DenseIndex(rows[s]);
                        if (dense >= 0 && Take(taken, s))
                        {
                            _positions[found] = s;
                            _numbers[found++] = values[dense];
                        }
                    }

                    break;
                }

                case ColumnEncoding.Dictionary:
                {
                    var codes = column.Longs;
                    var (parsed, isNumber) = segment.DictionaryNumbers(column.Column);
                    for (int s = 0; s < rows.Length; s++)
                    {
                        int dense = column.DenseIndex(rows[s]);
                        if (dense >= 0 && Take(taken, s))
                        {
                            long code = codes[dense];
                            if ((ulong)code >= (ulong)parsed.Length)
                            {
                                throw new CorruptDataException($"segment {segment.Info.File}: a dictionary code is outside its {parsed.Length} entries");
                            }

                            if (isNumber[code])
                            {
                                _positions[found] = s;
                                _numbers[found++] = parsed[code];
                            }
                        }
                    }

                    break;
                }

                default:
                {
                    for (int s = 0; s < rows.Length; s++)
                    {
                        int dense = column.DenseIndex(rows[s]);
                        if (dense >= 0 && Take(taken, s) && column.Value(dense).TryGetNumberOrParse(out double x))
                        {
                            _positions[found] = s;
                            _numbers[found++] = x;
                        }
                    }

                    break;
                }
            }
        }

        return (_positions, _numbers, found);
    }

    public (int[] Positions, ulong[] Hashes, int Count) Hashes()
    {
        var rows = selection.Span;
        _positions = ArrayPool<int>.Shared.Rent(rows.Length);
        _hashes = ArrayPool<ulong>.Shared.Rent(rows.Length);
        int found = 0;
        for (int c = 0; c < fieldColumns.Count; c++)
        {
            var column = columns[fieldColumns[c]];
            if (column.NonePresent)
            {
                continue;
            }

            var taken = Taken(rows.Length);
            switch (column.Encoding)
            {
                case ColumnEncoding.Dictionary:
                {
                    var codes = column.Longs;
                    var entries = segment.DictionaryHashes(column.Column);
                    for (int s = 0; s < rows.Length; s++)
                    {
                        int dense = column.DenseIndex(rows[s]);
                        if (dense >= 0 && Take(taken, s))
                        {
                            long code = codes[dense];
                            _positions[found] = s;
                            _hashes[found++] = (ulong)code < (ulong)entries.Length
                                ? entries[code]
                                : throw new CorruptDataException($"segment {segment.Info.File}: a dictionary code is outside its {entries.Length} entries");
                        }
                    }

                    break;
                }

                case ColumnEncoding.Plain:
                {
                    for (int s = 0; s < rows.Length; s++)
                    {
                        int dense = column.DenseIndex(rows[s]);
                        if (dense >= 0 && Take(taken, s))
                        {
                            _positions[found] = s;
                            _hashes[found++] = Hash64.Hash(column.Utf8(dense));
                        }
                    }

                    break;
                }

                case ColumnEncoding.Integer:
                {
                    var values = column.Longs;
                    for (int s = 0; s < rows.Length; s++)
                    {
                        int dense = column.DenseIndex(rows[s]);
                        if (dense >= 0 && Take(taken, s))
                        {
                            _positions[found] = s;
                            _hashes[found++] = DistinctAccumulator.HashOf(values[dense]);
                        }
                    }

                    break;
                }

                default:
                {
                    for (int s = 0; s < rows.Length; s++)
                    {
                        int dense = column.DenseIndex(rows[s]);
                        if (dense >= 0 && Take(taken, s))
                        {
                            _positions[found] = s;
                            _hashes[found++] = DistinctAccumulator.HashOf(column.Value(dense));
                        }
                    }

                    break;
                }
            }
        }

        return (_positions, _hashes, found);
    }

    public void Dispose()
    {
        PooledArrays.ReturnIfRented(ref _positions);
        PooledArrays.ReturnIfRented(ref _numbers);
        PooledArrays.ReturnIfRented(ref _hashes);
        PooledArrays.ReturnIfRented(ref _taken);
    }

    /// <summary>With several columns, which selected rows already took a value from an earlier column
    /// (null with a single column: nothing to track).</summary>
    private bool[]? Taken(int rows)
    {
        if (fieldColumns.Count == 1)
        {
            return null;
        }

        if (_taken is null)
        {
            _taken = ArrayPool<bool>.Shared.Rent(rows);
            Array.Clear(_taken, 0, rows);
        }

        return _taken;
    }

    /// <summary>Claims a selected row's value for this column; false when an earlier column had one.</summary>
    private static bool Take(bool[]? taken, int position)
    {
        if (taken is null)
        {
            return true;
        }

        if (taken[position])
        {
            return false;
        }

        taken[position] = true;
        return true;
    }
}
