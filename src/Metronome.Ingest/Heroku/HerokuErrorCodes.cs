using System.Collections.Frozen;

namespace Metronome.Ingest.Heroku;

/// <summary>
/// The router (H), runtime (R) and logging (L) error codes from Heroku's "Error Codes" article, as condensed
/// in heroku-log-formats.md section 3. Events that carry a code get its description in
/// <c>code_description</c>; codes not listed here (H29, H30, future ones) are kept without one.
/// </summary>
public static class HerokuErrorCodes
{
    private static readonly FrozenDictionary<string, HerokuErrorCode> ByCode = new HerokuErrorCode[]
    {
        new("H10", "App crashed", "A crashed web dyno or a boot timeout on the web dyno."),
        new("H11", "Backlog too deep", "Requests arrive faster than the app processes them; the router backlog is over its threshold."),
        new("H12", "Request timeout", "The request took longer than 30 seconds to complete."),
        new("H13", "Connection closed without response", "The dyno accepted the connection, then closed the socket without writing a response."),
        new("H14", "No web dynos running", "The web dynos are scaled to 0."),
        new("H15", "Idle connection", "The dyno did not send a full response within the 55-second inactivity window."),
        new("H16", "Redirect to herokuapp.com", "No longer in use: Heroku no longer emits H16 errors."),
        new("H17", "Poorly formatted HTTP response", "The dyno sent a malformed HTTP response."),
        new("H18", "Server Request Interrupted", "The backend socket was destroyed after sending part of the response."),
        new("H19", "Backend connection timeout", "The router could not open a socket to the dyno within 5 seconds."),
        new("H20", "App boot timeout", "No web dyno reached the up state within 75 seconds while requests were queued."),
        new("H21", "Backend connection refused", "The connection to the web process was refused."),
        new("H22", "Connection limit reached", "Too many client connections to the app on a routing node."),
        new("H23", "Endpoint misconfigured", "A WebSocket handshake came from an upstream proxy that does not support websockets (no longer in use)."),
        new("H24", "Forced close", "The routing node shut down before the request completed."),
        new("H25", "HTTP Restriction", "The router blocked a risky or oversized response (content length, cookie, header, status line)."),
        new("H26", "Request Error", "The request had an HTTP protocol error (unsupported Expect header, bad header, bad chunk)."),
        new("H27", "Client Request Interrupted", "The client closed its socket in the middle of the request."),
        new("H28", "Client Connection Idle", "The client did not send a full request within the 55-second inactivity window."),
        new("H31", "Misdirected Request", "The request reached the wrong endpoint (stale DNS or CDN configuration)."),
        new("H32", "TLS Certificate Mismatch", "The TLS certificate does not match the requested host."),
        new("H33", "HTTP/2 Stream Broken", "A misbehaving client or dyno broke the HTTP/2 stream; the router cannot always tell which."),
        new("H34", "All up dynos are quarantined", "Every running dyno is quarantined after failed connections; requests are retried for up to 75 seconds."),
        new("H80", "Maintenance mode", "The app is in maintenance mode (not an error)."),
        new("H81", "Blank app", "No code has been pushed to the app yet (not an error)."),
        new("H82", "You've used up your dyno hour pool", "The account's dyno-hour quota is exhausted and its apps are sleeping."),
        new("H83", "Planned Service Degradation", "Heroku is degrading the service in a planned way."),
        new("H99", "Platform error", "An internal Heroku platform error."),
        new("R10", "Boot timeout", "The web process did not bind to $PORT within 60 seconds of launch."),
        new("R11", "Bad bind", "The process bound to a port other than $PORT (historical)."),
        new("R12", "Exit timeout", "The process did not exit within 30 seconds of SIGTERM and was sent SIGKILL."),
        new("R13", "Attach error", "A one-off dyno started by heroku run failed to attach to the client."),
        new("R14", "Memory quota exceeded", "The dyno's memory is above its quota and it pages to swap."),
        new("R15", "Memory quota vastly exceeded", "The dyno's memory is far above its quota; it was killed with SIGKILL."),
        new("R16", "Detached", "An attached process kept running after SIGHUP when its client disconnected."),
        new("R17", "Checksum error", "Slug checksum verification failed; the dyno did not launch."),
        new("R99", "Platform error", "An internal Heroku platform error."),
        new("L10", "Drain buffer overflow", "The drain consumer is slower than the log rate; Logplex discarded messages."),
        new("L11", "Tail buffer overflow", "A heroku logs --tail session could not keep up; messages were dropped."),
        new("L12", "Local buffer overflow", "log-shuttle in the dyno discarded lines it could not buffer."),
        new("L13", "Local delivery error", "log-shuttle in the dyno could not deliver lines to Logplex."),
        new("L14", "Certificate validation error", "A TLS syslog drain presented an invalid certificate."),
        new("L15", "Tail buffer temporarily unavailable", "The 1500-line tail buffer is temporarily unavailable."),
    }.ToFrozenDictionary(code => code.Code, StringComparer.Ordinal);

    public static IReadOnlyCollection<HerokuErrorCode> All => ByCode.Values;

    public static HerokuErrorCode? Find(string code) => ByCode.GetValueOrDefault(code);
}
