using System.Net;
using System.Text;
using Metronome.EndToEnd.Tests;

namespace Metronome.Browser.Tests;

/// <summary>
/// Serves one HTML page on its own loopback port, so that the page and the Metronome server are
/// different origins, as on a real site. Every path answers the same page: a single-page app.
/// </summary>
public sealed class TestPageServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _page;
    private readonly Task _loop;

    public TestPageServer(string html)
    {
        _page = Encoding.UTF8.GetBytes(html);
        Port = MetronomeProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = _page.Length;
            await context.Response.OutputStream.WriteAsync(_page);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
