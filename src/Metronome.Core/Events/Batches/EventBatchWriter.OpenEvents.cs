using static Metronome.Core.Events.Batches.BatchPrimitives;

namespace Metronome.Core.Events.Batches;

/// <summary>Events begun before their field count is known (a decoder writing a line's fields as it parses
/// them), then ended with the count or taken back.</summary>
public sealed partial class EventBatchWriter
{
    // Where the current event's field count goes once EndEvent gives it, or -1 (BeginEvent was given it).
    private int _openCountAt = -1;
    // The app and name tables' sizes before the open event, for DiscardEvent.
    private int _appsBeforeOpen;
    private int _namesBeforeOpen;

    /// <summary>Starts an event whose field count the caller learns only as it writes the fields (a decoder
    /// writing a line's fields as it parses them): <see cref="EndEvent"/> gives the count, or
    /// <see cref="DiscardEvent"/> takes the event back. The bytes are those of the other
    /// <see cref="BeginEvent(string, string, long, long, int)"/> given the final count.</summary>
    public void BeginEvent(string app, string name, long timeUs, long receiptUs)
    {
        int apps = _apps.Count;
        int names = _names.Count;
        // A count under 128 is one byte: reserved now, and widened by EndEvent in the rare event with more.
        BeginEvent(app, name, timeUs, receiptUs, 0);
        (_openCountAt, _appsBeforeOpen, _namesBeforeOpen) = (_length - 1, apps, names);
    }

    /// <summary>Ends the event begun by <see cref="BeginEvent(string, string, long, long)"/>, which has
    /// <paramref name="fieldCount"/> fields.</summary>
    public void EndEvent(int fieldCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fieldCount);
        int at = TakeOpenCount();
        int width = VarintLength((ulong)fieldCount);
        if (width > 1)
        {
            Ensure(width - 1);
            _buffer.AsSpan(at + 1, _length - at - 1).CopyTo(_buffer.AsSpan(at + width));
            _length += width - 1;
        }

        WriteVarint(_buffer.AsSpan(at), (ulong)fieldCount);
    }

    /// <summary>Takes back the event begun by <see cref="BeginEvent(string, string, long, long)"/>, as if it
    /// had never been begun (a decoder that met a line it cannot write directly).</summary>
    public void DiscardEvent()
    {
        TakeOpenCount();
        _length = _entries[--_count].Offset;
        if (_count == 0)
        {
            _firstReceiptUs = long.MaxValue;
        }

        _apps.Truncate(_appsBeforeOpen);
        _names.Truncate(_namesBeforeOpen);
        _textLength = -1;
    }

    private int TakeOpenCount()
    {
        int at = _openCountAt;
        if (at < 0)
        {
            throw new InvalidOperationException("no event begun without its field count is open");
        }

        _openCountAt = -1;
        return at;
    }
}
