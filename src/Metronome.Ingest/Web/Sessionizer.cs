namespace Metronome.Ingest.Web;

/// <summary>
/// Cuts a stream of hits sorted by (visitor, time) into sessions: a new session starts with a new
/// visitor or after a gap of at least the timeout (30 minutes: a hit exactly 30 minutes after the
/// previous one starts a new visit). Streaming and O(1) in memory, so a stats query can run it over a
/// sorted scan. For incremental work, <see cref="Open"/> is the visit still in progress at the end of a
/// batch and <see cref="Resume"/> continues it in the next. Hits out of time order within a visitor
/// are rejected: silently re-sorting a stream would hide a bug in the scan that feeds it.
/// </summary>
public sealed class Sessionizer
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    private readonly long _timeoutUs;
    private bool _open;
    private long _visitor;
    private long _startUs;
    private long _endUs;
    private string? _entryPage;
    private string? _exitPage;
    private int _pageviews;
    private int _events;

    public Sessionizer(TimeSpan? timeout = null)
    {
        var value = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, nameof(timeout));
        _timeoutUs = value.Ticks / TimeSpan.TicksPerMicrosecond;
    }

    /// <summary>The session in progress, or null before the first hit and after <see cref="Flush"/>.</summary>
    public Session? Open => _open ? Snapshot() : null;

    /// <summary>Adds the next hit. Returns the session it closed, if it closed one.</summary>
    /// <exception cref="ArgumentException">The hit is earlier than the previous hit of the same visitor.</exception>
    public Session? Add(in SessionHit hit)
    {
        Session? closed = null;
        if (_open && hit.Visitor == _visitor)
        {
            if (hit.TimeUs < _endUs)
            {
                throw new ArgumentException(
                    $"hits must be sorted by (visitor, time): visitor {hit.Visitor} has a hit at {hit.TimeUs} µs after one at {_endUs} µs",
                    nameof(hit));
            }

            if (hit.TimeUs - _endUs < _timeoutUs)
            {
                Extend(hit);
                return null;
            }
        }

        if (_open)
        {
            closed = Snapshot();
        }

        Start(hit);
        return closed;
    }

    /// <summary>Ends the stream: returns the session in progress, if any, and forgets it.</summary>
    public Session? Flush()
    {
        var last = Open;
        _open = false;
        return last;
    }

    /// <summary>Continues <paramref name="session"/> (a previous run's <see cref="Open"/>) with the hits that follow.</summary>
    public void Resume(Session session)
    {
        _open = true;
        _visitor = session.Visitor;
        _startUs = session.StartUs;
        _endUs = session.EndUs;
        _entryPage = session.EntryPage;
        _exitPage = session.ExitPage;
        _pageviews = session.Pageviews;
        _events = session.Events;
    }

    /// <summary>All sessions of hits already sorted by (visitor, time), lazily.</summary>
    public static IEnumerable<Session> Sessionize(IEnumerable<SessionHit> sortedHits, TimeSpan? timeout = null)
    {
        var sessionizer = new Sessionizer(timeout);
        foreach (var hit in sortedHits)
        {
            if (sessionizer.Add(hit) is { } closed)
            {
                yield return closed;
            }
        }

        if (sessionizer.Flush() is { } last)
        {
            yield return last;
        }
    }

    /// <summary>The sessions of hits in any order: sorts them by (visitor, time) first, stably, so that
    /// hits with equal times keep their arrival order.</summary>
    public static IReadOnlyList<Session> SortAndSessionize(IEnumerable<SessionHit> hits, TimeSpan? timeout = null) =>
        [.. Sessionize(hits.OrderBy(hit => hit.Visitor).ThenBy(hit => hit.TimeUs), timeout)];

    private void Start(in SessionHit hit)
    {
        _open = true;
        _visitor = hit.Visitor;
        _startUs = hit.TimeUs;
        _endUs = hit.TimeUs;
        _entryPage = null;
        _exitPage = null;
        _pageviews = 0;
        _events = 0;
        Extend(hit);
    }

    private void Extend(in SessionHit hit)
    {
        _endUs = hit.TimeUs;
        _events++;
        if (hit.IsPageview)
        {
            _entryPage ??= hit.Page;
            _exitPage = hit.Page;
            _pageviews++;
        }
    }

    private Session Snapshot() => new(_visitor, _startUs, _endUs, _entryPage, _exitPage, _pageviews, _events);
}
