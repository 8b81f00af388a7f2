namespace Metronome.Query.Planning;

/// <summary>Field name to row slot, case-insensitive, keeping the spelling of the first definition for
/// output. Slots 0 and 1 are always <c>_messagetime</c> and <c>_raw</c>.</summary>
public sealed class FieldSlots
{
    public const int MessageTime = 0;
    public const int Raw = 1;

    private Dictionary<string, int> _byName;
    private List<string> _names;

    /// <summary>True while the tables are the plan's, which a run copies before its first new slot.</summary>
    private bool _shared;

    public FieldSlots()
    {
        _byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        _names = [];
        GetOrAdd("_messagetime");
        GetOrAdd("_raw");
    }

    private FieldSlots(FieldSlots other)
    {
        _byName = other._byName;
        _names = other._names;
        _shared = true;
    }

    public int Count => _names.Count;

    public string Name(int slot) => _names[slot];

    public IReadOnlyList<string> Names => _names;

    public int GetOrAdd(string name)
    {
        if (_byName.TryGetValue(name, out var slot))
        {
            return slot;
        }

        if (_shared)
        {
            _byName = new Dictionary<string, int>(_byName, StringComparer.OrdinalIgnoreCase);
            _names = [.. _names];
            _shared = false;
        }

        slot = _names.Count;
        _byName.Add(name, slot);
        _names.Add(name);
        return slot;
    }

    public bool TryGet(string name, out int slot) => _byName.TryGetValue(name, out slot);

    /// <summary>A copy for one execution, which may add slots (transpose columns, json auto keys); it shares
    /// this one's tables until it adds one, so this one must not change after (a bound plan's does not).</summary>
    public FieldSlots Clone() => new(this);
}
