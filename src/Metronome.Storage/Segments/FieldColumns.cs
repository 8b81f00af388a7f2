using System.Runtime.CompilerServices;
using Metronome.Core.Events;

namespace Metronome.Storage.Segments;

/// <summary>
/// The columns a seal's fields go to, one per (key, kind), found by the key's bytes. Events of one kind
/// list their keys in the same order, so the column a field goes to is most likely the one the previous
/// row's field at the same position went to: that is tried first, confirmed by comparing the key's bytes
/// and the kind, without hashing the key or looking up its kinds.
/// </summary>
internal sealed class FieldColumns(int rowCount, List<ColumnBuilder> columns) : IDisposable
{
    private readonly Utf8CodeTable _keys = new();
    /// <summary>Per key code, its column of each kind.</summary>
    private readonly List<ColumnBuilder?[]> _byKey = [];
    /// <summary>Per key code, its bytes: what a field position's guess is confirmed with.</summary>
    private readonly List<byte[]> _keyBytes = [];
    private Guess[] _atPosition = new Guess[16];

    /// <summary>The column of the field at <paramref name="position"/> of a row, with its key and kind
    /// (not <see cref="FieldKind.Null"/>); a new column is added to the list given at construction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ColumnBuilder Of(int position, ReadOnlySpan<byte> key, FieldKind kind)
    {
        if ((uint)position < (uint)_atPosition.Length)
        {
            ref var guess = ref _atPosition[position];
            if (guess.Kind == kind && guess.Key.Matches(key))
            {
                return guess.Column!;
            }
        }

        return Find(position, key, kind);
    }

    public void Dispose() => _keys.Dispose();

    /// <summary>Looks the column up by the key's bytes and makes it the guess for the position.</summary>
    private ColumnBuilder Find(int position, ReadOnlySpan<byte> key, FieldKind kind)
    {
        int keyCode = _keys.GetOrAdd(key, out bool newKey);
        if (newKey)
        {
            _byKey.Add(new ColumnBuilder?[5]);
            _keyBytes.Add(key.ToArray());
        }

        var kinds = _byKey[keyCode];
        var column = kinds[(int)kind];
        if (column is null)
        {
            kinds[(int)kind] = column = new ColumnBuilder(_keys.StringOf(keyCode), kind, rowCount);
            columns.Add(column);
        }

        if (position >= _atPosition.Length)
        {
            Array.Resize(ref _atPosition, Math.Max(position + 1, _atPosition.Length * 2));
        }

        _atPosition[position] = new Guess(new KeyBytes(_keyBytes[keyCode]), kind, column);
        return column;
    }

    /// <summary>The column of the last field seen at one position, with its key and kind; the default
    /// (kind <see cref="FieldKind.Null"/>, which never has a column) matches no field.</summary>
    private readonly record struct Guess(KeyBytes Key, FieldKind Kind, ColumnBuilder? Column);
}
