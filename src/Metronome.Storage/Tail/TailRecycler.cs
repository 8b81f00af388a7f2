using Metronome.Core.Events.Batches;

namespace Metronome.Storage.Tail;

/// <summary>
/// Gives the pooled arrays of sealed batches (<see cref="EventBatch.IsPooled"/>) back to
/// <see cref="BatchArrayPool"/> once nothing can be reading them. A query reads the tail of the state it
/// started with, so a batch sealed meanwhile may still be read: every reader of tail batches registers
/// (<see cref="Enter"/>) before it reads the store's state and leaves when done, and the arrays retired
/// while any reader is in wait for the moment none is. A reader registered after that moment read a
/// state without them. A reader that never leaves (an enumeration abandoned undisposed) only stops the
/// reuse: past <see cref="MaxWaitingBytes"/>, the waiting arrays are left to the GC.
/// </summary>
internal sealed class TailRecycler
{
    public const long MaxWaitingBytes = 512L << 20;

    private readonly object _gate = new();
    private List<byte[]> _waiting = [];
    private long _waitingBytes;
    private int _readers;

    /// <summary>Readers registered now.</summary>
    public int Readers => Volatile.Read(ref _readers);

    /// <summary>Bytes of retired arrays waiting for the readers to leave.</summary>
    public long WaitingBytes
    {
        get
        {
            lock (_gate)
            {
                return _waitingBytes;
            }
        }
    }

    /// <summary>Registers a reader of tail batches: call before reading the store's state; dispose once no
    /// batch of that state is read any more.</summary>
    public Reader Enter()
    {
        Interlocked.Increment(ref _readers);
        return new Reader(this);
    }

    /// <summary>Takes the batches just sealed, once the state without them is published.</summary>
    public void Retire(ReadOnlySpan<EventBatch> batches)
    {
        lock (_gate)
        {
            foreach (var batch in batches)
            {
                if (batch.IsPooled)
                {
                    _waiting.Add(batch.Data);
                    _waitingBytes += batch.Data.Length;
                }
            }

            if (_waitingBytes > MaxWaitingBytes)
            {
                _waiting = [];
                _waitingBytes = 0;
            }
        }

        TryRecycle();
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _readers) == 0)
        {
            TryRecycle();
        }
    }

    private void TryRecycle()
    {
        List<byte[]> ready;
        lock (_gate)
        {
            // A full fence: a reader counted after this read reads a state published before it.
            if (_waiting.Count == 0 || Interlocked.CompareExchange(ref _readers, 0, 0) != 0)
            {
                return;
            }

            ready = _waiting;
            _waiting = [];
            _waitingBytes = 0;
        }

        foreach (var array in ready)
        {
            BatchArrayPool.Return(array);
        }
    }

    /// <summary>One registered reader; leaving twice counts once.</summary>
    public sealed class Reader(TailRecycler owner) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                owner.Leave();
            }
        }
    }
}
