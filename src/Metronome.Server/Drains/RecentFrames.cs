namespace Metronome.Server.Drains;

/// <summary>The frame ids one drain delivered recently, oldest first: bounded by count and by age. Not
/// thread-safe; <see cref="FrameLedger"/> locks around it.</summary>
internal sealed class RecentFrames(int capacity, long windowUs)
{
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, long AtUs)> _order = new();

    public int Count => _seen.Count;

    public bool Contains(string frameId, long nowUs)
    {
        Expire(nowUs);
        return _seen.ContainsKey(frameId);
    }

    /// <summary>Remembers a frame; callers add in time order (recovery sorts first).</summary>
    public void Add(string frameId, long atUs)
    {
        if (!_seen.TryAdd(frameId, atUs))
        {
            return;
        }

        _order.Enqueue((frameId, atUs));
        while (_order.Count > capacity)
        {
            _seen.Remove(_order.Dequeue().Id);
        }
    }

    private void Expire(long nowUs)
    {
        while (_order.TryPeek(out var oldest) && oldest.AtUs < nowUs - windowUs)
        {
            _seen.Remove(_order.Dequeue().Id);
        }
    }
}
