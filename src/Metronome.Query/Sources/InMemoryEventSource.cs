using System.Runtime.CompilerServices;
using Metronome.Core.Events;

namespace Metronome.Query.Sources;

/// <summary>A source over a list of events that applies the whole <see cref="ScanSpec"/> itself: the
/// reference for store adapters and the source of the language tests.</summary>
public sealed class InMemoryEventSource : IEventSource
{
    private readonly IReadOnlyList<Event> _events;
    private readonly SourceCapabilities _capabilities;
    private readonly int _batchSize;

    public InMemoryEventSource(IReadOnlyList<Event> events, SourceCapabilities? capabilities = null, int batchSize = 1024)
    {
        _events = events;
        _capabilities = capabilities ?? SourceCapabilities.None;
        _batchSize = batchSize;
    }

    public SourceCapabilities Describe(ScanSpec spec) => _capabilities;

    public async IAsyncEnumerable<EventBatch> ScanAsync(ScanSpec spec, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var matcher = new ScanFilterMatcher(spec.Filter);
        var batch = new List<Event>(_batchSize);
        foreach (var e in _events)
        {
            if (e.TimeUs < spec.FromUs || e.TimeUs >= spec.ToUs || !string.Equals(e.App, spec.App, StringComparison.Ordinal) || !matcher.Matches(e))
            {
                continue;
            }

            batch.Add(e);
            if (batch.Count == _batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new EventBatch(batch, FilterApplied: true);
                batch = new List<Event>(_batchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return new EventBatch(batch, FilterApplied: true);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
