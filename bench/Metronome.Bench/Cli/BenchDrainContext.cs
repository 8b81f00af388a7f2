using Metronome.Core.Events;
using Metronome.Ingest;

namespace Metronome.Bench.Cli;

/// <summary>The context the drain endpoint gives a request of the bench's drain: the drain token as
/// <c>_sourcename</c>, and <c>_drain</c> and the frame id as tags on every event.</summary>
internal static class BenchDrainContext
{
    public const string Token = "d.98ee476d-d2d8-46bf-afc2-740f6f7e5b2a";

    public static DrainContext Of(long receiptUs, string frameId) => new("bench", receiptUs)
    {
        SourceName = Token,
        Tags = [KeyValuePair.Create("_drain", FieldValue.From(Token)), KeyValuePair.Create("_frameid", FieldValue.From(frameId))],
    };
}
