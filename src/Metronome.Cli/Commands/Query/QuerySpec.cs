using Metronome.Query.Execution;

namespace Metronome.Cli.Commands.Query;

/// <summary>What the user asked, before it goes to the local engine or to a server.</summary>
internal sealed record QuerySpec(string Text, string From, string To, string TimeZone, IReadOnlyDictionary<string, string> Variables, int Offset, int? Limit)
{
    public QueryRequest ToRequest(string app, DateTimeOffset from, DateTimeOffset to) => new()
    {
        Query = Text,
        App = app,
        From = from,
        To = to,
        TimeZone = TimeZone,
        Variables = Variables,
        Offset = Offset,
        Limit = Limit,
    };
}
