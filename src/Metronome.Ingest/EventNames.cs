namespace Metronome.Ingest;

/// <summary>The event names the decoders give each family of lines (see README.md in this project).</summary>
public static class EventNames
{
    /// <summary>Heroku router request lines (<c>heroku router</c>).</summary>
    public const string Router = "router";

    /// <summary>Dyno runtime metrics (<c>log-runtime-metrics</c>: load and memory samples).</summary>
    public const string Metrics = "heroku.metrics";

    /// <summary>Heroku Postgres metric samples (<c>app heroku-postgres</c>).</summary>
    public const string Postgres = "heroku.postgres";

    /// <summary>Heroku Data for Redis metric samples (<c>app heroku-redis</c>).</summary>
    public const string Redis = "heroku.redis";

    /// <summary>Dyno manager lines: state changes, process start/exit, signals, R errors.</summary>
    public const string Dyno = "heroku.dyno";

    /// <summary>Platform API lines: releases, deploys, scaling, builds, config vars.</summary>
    public const string Api = "heroku.api";

    /// <summary>Logging pipeline lines: L10 from Logplex, L12/L13 from log-shuttle.</summary>
    public const string Logplex = "heroku.logplex";

    /// <summary>Everything else: app output (with JSON or logfmt properties when detected) and plain syslog.</summary>
    public const string Log = "log";

    /// <summary>Bytes that could not be framed or are not syslog; they carry <c>_raw</c> and <c>_parseerror</c>.</summary>
    public const string Unparsed = "unparsed";
}
