using System.Net;
using System.Net.Sockets;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Time;
using Metronome.Ingest;
using Metronome.Server.Drains;
using Metronome.Server.Observability;
using Metronome.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Metronome.Server.Syslog;

/// <summary>
/// Syslog over TCP (RFC 6587: octet counting or LF framing, detected per message), one
/// <see cref="SyslogStreamDecoder"/> per connection. A connection's batch is appended before the next
/// read, so a busy store stops the reads and TCP flow control pushes back on the sender.
/// </summary>
public sealed partial class SyslogTcpListener(SyslogOptions options, IEventStore store, ServerMetrics metrics, TimeProvider clock, ILogger<SyslogTcpListener> logger) : IHostedService
{
    public const string Source = "syslog_tcp";

    private const int ReadSize = 64 * 1024;

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private TcpListener? _listener;
    private Task? _accepting;

    /// <summary>The port actually bound (useful with port 0).</summary>
    public int Port => ((IPEndPoint?)_listener?.LocalEndpoint)?.Port ?? 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.TcpPort is not int port)
        {
            return Task.CompletedTask;
        }

        _listener = new TcpListener(SyslogAddress.Parse(options.Host), port);
        _listener.Start();
        _accepting = AcceptAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections, _accepting ?? Task.CompletedTask];
        }

        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task AcceptAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && stopping.IsCancellationRequested)
            {
                return;
            }

            var connection = Task.Run(() => ServeAsync(socket, stopping), CancellationToken.None);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(connection);
            }
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        string peer = (socket.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "";
        var context = new DrainContext(options.App ?? "", 0) { SourceCategory = options.SourceCategory, SourceName = peer };
        var buffer = new byte[ReadSize];
        // Decoded straight into the encoded form the store keeps, as the drain endpoint does.
        var events = new EventBatchWriter(64 * 1024);
        var errors = new List<DecodeError>();
        using var decoder = new SyslogStreamDecoder();
        try
        {
            using (socket)
            {
                while (true)
                {
                    int read = await socket.ReceiveAsync(buffer, SocketFlags.None, stopping).ConfigureAwait(false);
                    var now = context with { ReceiptTimeUs = UnixTime.ReceiptNow(clock) };
                    if (read == 0)
                    {
                        decoder.Complete(now, events, errors);
                        break;
                    }

                    decoder.Push(buffer.AsSpan(0, read), now, events, errors);
                    if (events.Count >= options.BatchSize || socket.Available == 0)
                    {
                        await FlushAsync(events, errors, stopping).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            LogConnectionFailed(peer, ex.Message);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        // What was read before the connection ended or the server stopped is kept: a last, bounded attempt.
        using var lastChance = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await FlushAsync(events, errors, lastChance.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task FlushAsync(EventBatchWriter events, List<DecodeError> errors, CancellationToken cancellationToken)
    {
        DecodeErrorMetrics.Count(metrics, Source, errors);
        errors.Clear();
        if (events.Count == 0)
        {
            return;
        }

        await SyslogAppender.AppendUntilStoredAsync(store, events.ToBatch(), metrics, Source, cancellationToken).ConfigureAwait(false);
        events.Clear();
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Syslog TCP connection from {Peer} failed: {Reason}")]
    private partial void LogConnectionFailed(string peer, string reason);
}
