using Metronome.Ingest.AppLines;
using Metronome.Ingest.Heroku;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Decoding;

/// <summary>Chooses the line family from APP-NAME, PROCID and the start of MSG (never from PRI, which
/// Heroku changes over time) and lets that family's parser add the typed fields. Router, metrics and app
/// lines are parsed from the bytes; the rarer platform lines (API, dyno manager, Logplex) are parsed from MSG
/// decoded as text, made only for them.</summary>
internal static class MessageBodyParser
{
    /// <summary>Adds the fields parsed from MSG; returns the event name.</summary>
    public static string Parse(ReadOnlySpan<byte> appName, ReadOnlySpan<byte> procId, ReadOnlySpan<byte> msg, FieldListBuilder fields, out string? payloadError)
    {
        payloadError = null;
        if (IsRouterLine(appName, procId))
        {
            RouterLineParser.Parse(msg, fields);
            return EventNames.Router;
        }

        if (appName.SequenceEqual("heroku"u8))
        {
            return ParseHerokuSource(procId, msg, fields);
        }

        if (appName.SequenceEqual("app"u8))
        {
            if (procId.SequenceEqual("api"u8))
            {
                ApiLineParser.Parse(Utf8Text.Decode(msg), fields);
                return EventNames.Api;
            }

            if (procId.SequenceEqual("heroku-postgres"u8) && MetricsLineParser.IsSampleLine(msg))
            {
                MetricsLineParser.Parse(msg, fields);
                return EventNames.Postgres;
            }

            if (procId.SequenceEqual("heroku-redis"u8) && MetricsLineParser.IsSampleLine(msg))
            {
                MetricsLineParser.Parse(msg, fields);
                return EventNames.Redis;
            }

            if (procId.SequenceEqual("log-shuttle"u8) && Utf8Text.Decode(msg) is var message && HerokuCodedLine.FindCode(message) is not null)
            {
                PipelineLineParser.Parse(message, fields);
                return EventNames.Logplex;
            }
        }

        return AppLineParser.Parse(msg, fields, out payloadError);
    }

    /// <summary>Whether the line is the router's (<c>heroku router</c>), parsed by <see cref="RouterLineParser"/>.</summary>
    public static bool IsRouterLine(ReadOnlySpan<byte> appName, ReadOnlySpan<byte> procId) =>
        procId.SequenceEqual("router"u8) && appName.SequenceEqual("heroku"u8);

    /// <summary>Lines Heroku itself writes (APP-NAME <c>heroku</c>) besides the router's: Logplex, the pre-2016
    /// API, and the dyno manager for every other PROCID.</summary>
    private static string ParseHerokuSource(ReadOnlySpan<byte> procId, ReadOnlySpan<byte> msg, FieldListBuilder fields)
    {
        if (procId.SequenceEqual("logplex"u8))
        {
            PipelineLineParser.Parse(Utf8Text.Decode(msg), fields);
            return EventNames.Logplex;
        }

        if (procId.SequenceEqual("api"u8) || procId.SequenceEqual("slug-compiler"u8))
        {
            ApiLineParser.Parse(Utf8Text.Decode(msg), fields);
            return EventNames.Api;
        }

        if (MetricsLineParser.IsSampleLine(msg))
        {
            MetricsLineParser.Parse(msg, fields);
            return EventNames.Metrics;
        }

        DynoLineParser.Parse(Utf8Text.Decode(msg), fields);
        return EventNames.Dyno;
    }
}
