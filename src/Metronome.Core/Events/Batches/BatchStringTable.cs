namespace Metronome.Core.Events.Batches;

/// <summary>The distinct apps or names of one batch, numbered in order of first sight. A batch mostly has
/// few (a request is one app; names are a handful) and consecutive events repeat the last one, so a
/// last-hit check and a short scan come first; a dictionary takes over when there are many.</summary>
internal sealed class BatchStringTable
{
    private const int ScanLimit = 16;

    private readonly List<string> _values = [];
    private Dictionary<string, int>? _lookup;
    private int _last = -1;

    public int IndexOf(string value)
    {
        if (_last >= 0 && (ReferenceEquals(_values[_last], value) || _values[_last] == value))
        {
            return _last;
        }

        int index = _lookup is not null
            ? _lookup.GetValueOrDefault(value, -1)
            : _values.IndexOf(value);
        if (index < 0)
        {
            index = _values.Count;
            _values.Add(value);
            if (_lookup is not null)
            {
                _lookup[value] = index;
            }
            else if (_values.Count > ScanLimit)
            {
                _lookup = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < _values.Count; i++)
                {
                    _lookup[_values[i]] = i;
                }
            }
        }

        return _last = index;
    }

    public int Count => _values.Count;

    public string[] ToArray() => [.. _values];

    /// <summary>Forgets the values numbered <paramref name="count"/> and on (the events that added them were
    /// taken back).</summary>
    public void Truncate(int count)
    {
        for (int i = count; i < _values.Count; i++)
        {
            _lookup?.Remove(_values[i]);
        }

        if (count < _values.Count)
        {
            _values.RemoveRange(count, _values.Count - count);
            _last = -1;
        }
    }

    public void Clear()
    {
        _values.Clear();
        _lookup = null;
        _last = -1;
    }
}
