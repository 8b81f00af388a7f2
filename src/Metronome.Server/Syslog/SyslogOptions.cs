namespace Metronome.Server.Syslog;

/// <summary>The syslog listeners: off unless a port is set. Every message goes to one app.</summary>
public sealed record SyslogOptions
{
    /// <summary>TCP port (octet counting or newline framing, detected per message); null: no TCP listener; 0: any free port.</summary>
    public int? TcpPort { get; init; }

    /// <summary>UDP port (one datagram, one message); null: no UDP listener; 0: any free port.</summary>
    public int? UdpPort { get; init; }

    /// <summary>The Metronome app the events belong to; required when a port is set.</summary>
    public string? App { get; init; }

    /// <summary>The address to listen on.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary><c>_sourcecategory</c> of the events.</summary>
    public string SourceCategory { get; init; } = "syslog";

    /// <summary>Events appended together at most (a busy sender's reads are batched up to this).</summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>UDP: decoded batches that may wait for the store; past this, datagrams are dropped and counted.</summary>
    public int UdpQueuedBatches { get; init; } = 64;

    public bool Enabled => TcpPort is not null || UdpPort is not null;
}
