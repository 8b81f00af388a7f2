using System.Collections;

namespace Metronome.Query.Syntax.Ast;

/// <summary>An immutable list with structural equality, so that records holding lists compare by content.</summary>
public sealed class NodeList<T> : IReadOnlyList<T>, IEquatable<NodeList<T>>
{
    private readonly T[] _items;

    public NodeList(IEnumerable<T> items)
    {
        _items = items.ToArray();
    }

    public static NodeList<T> Empty { get; } = new([]);

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public static implicit operator NodeList<T>(T[] items) => new(items);

    public static implicit operator NodeList<T>(List<T> items) => new(items);

    public bool Equals(NodeList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is NodeList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
