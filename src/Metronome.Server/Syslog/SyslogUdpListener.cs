using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Metronome.Core.Events;
using Metronome.Core.Time;
using Metronome.Ingest;
using Metronome.Server.Drains;
using Metronome.Server.Observability;
using Metronome.Storage;
using Microsoft.Extensions.Hosting;

namespace Metronome.Server.Syslog;

/// <summary>
/// Syslog over UDP: one datagram, one message. The receiver decodes into batches and hands them to one
/// appender through a bounded queue; when the store falls behind and the queue is full, a batch is dropped
/// and counted (<c>metronome_events_rejected_total{reason="syslog_udp_dropped"}</c>): UDP senders cannot be
/// slowed down, and the socket must keep draining.
/// </summary>
public sealed class SyslogUdpListener(SyslogOptions options, IEventStore store, ServerMetrics metrics, TimeProvider clock) : IHostedService
{
    public const string Source = "syslog_udp";

    private const int MaxDatagram = 65_535;

    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Channel<Event[]>? _queue;
    private Task? _receiving;
    private Task? _appending;

    public int Port => (_socket?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.UdpPort is not int port)
        {
            return Task.CompletedTask;
        }

        var address = SyslogAddress.Parse(options.Host);
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024 };
        _socket.Bind(new IPEndPoint(address, port));
        _queue = Channel.CreateBounded<Event[]>(new BoundedChannelOptions(options.UdpQueuedBatches) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        _receiving = Task.Run(() => ReceiveAsync(_stopping.Token), CancellationToken.None);
        _appending = Task.Run(() => AppendAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_socket is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiving!.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _appending!.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ReceiveAsync(CancellationToken stopping)
    {
        var buffer = new byte[MaxDatagram];
        var events = new List<Event>();
        var errors = new List<DecodeError>();
        EndPoint any = new IPEndPoint(_socket!.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stopping).ConfigureAwait(false);
                var context = new DrainContext(options.App ?? "", UnixTime.ReceiptNow(clock))
                {
                    SourceCategory = options.SourceCategory,
                    SourceName = (received.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "",
                };
                SyslogDecoder.Decode(buffer.AsSpan(0, received.ReceivedBytes), context, events, errors);
                if (events.Count >= options.BatchSize || _socket.Available == 0)
                {
                    Hand(events, errors);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && stopping.IsCancellationRequested)
        {
        }
        finally
        {
            Hand(events, errors);
            _queue!.Writer.TryComplete();
        }
    }

    private void Hand(List<Event> events, List<DecodeError> errors)
    {
        DecodeErrorMetrics.Count(metrics, Source, errors);
        errors.Clear();
        if (events.Count == 0)
        {
            return;
        }

        if (!_queue!.Writer.TryWrite(events.ToArray()))
        {
            metrics.Rejected(Source + "_dropped", events.Count);
        }

        events.Clear();
    }

    private async Task AppendAsync(CancellationToken stopping)
    {
        await foreach (var batch in _queue!.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            // After a stop, what is queued still gets a bounded chance to be stored.
            using var deadline = stopping.IsCancellationRequested ? new CancellationTokenSource(TimeSpan.FromSeconds(5)) : null;
            try
            {
                await SyslogAppender.AppendUntilStoredAsync(store, batch, metrics, Source, deadline?.Token ?? stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                if (deadline is null)
                {
                    using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await SyslogAppender.AppendUntilStoredAsync(store, batch, metrics, Source, last.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
    }
}
