using System.Globalization;
using Metronome.Core.Events.Batches;

namespace Metronome.Storage.Tests.Support;

/// <summary>How a drain line's <c>message</c> is written into its batch.</summary>
internal enum MessageForm
{
    /// <summary>As the end of <c>_raw</c> (batch field kind 16), as the drain decoder writes it.</summary>
    Suffix,

    /// <summary>As text of its own that happens to be the end of <c>_raw</c>.</summary>
    SuffixAsText,

    /// <summary>As text that is not the end of <c>_raw</c>.</summary>
    Other,

    /// <summary>The end of <c>_raw</c>, empty (a line with nothing after its header).</summary>
    Empty,

    /// <summary>No message.</summary>
    None,

    /// <summary>A message but no <c>_raw</c> before it.</summary>
    NoRaw,
}

/// <summary>Heroku router lines written into batches as the drain decoder writes them: <c>_raw</c> (the
/// syslog line), <c>message</c> (its MSG part), then a few parsed fields. Deterministic for a seed.</summary>
internal static class DrainLines
{
    private static readonly string[] Paths = ["/", "/cart_link", "/api/v1/items?page=2", "/assets/app-3f2a.js", "/Straße/ünï ✓", "/login", "/日本/health"];
    private static readonly string[] Methods = ["GET", "GET", "GET", "POST", "PUT"];

    /// <summary>The syslog header before a router line's MSG.</summary>
    public static string Header(long timeUs, string host = "host") =>
        string.Create(CultureInfo.InvariantCulture, $"<158>1 {DateTimeOffset.UnixEpoch.AddTicks(timeUs * 10):yyyy-MM-ddTHH:mm:ss.ffffff}+00:00 {host} heroku router - ");

    /// <summary>A router line's MSG.</summary>
    public static string Message(Random random)
    {
        byte[] id = new byte[16];
        random.NextBytes(id);
        return string.Create(CultureInfo.InvariantCulture,
            $"at=info method={Methods[random.Next(Methods.Length)]} path=\"{Paths[random.Next(Paths.Length)]}\" host=lumberjack-store.timber.io " +
            $"request_id={new Guid(id)} fwd=\"{random.Next(1, 255)}.{random.Next(255)}.{random.Next(255)}.{random.Next(255)}\" " +
            $"dyno=web.{random.Next(1, 4)} connect={random.Next(3)}ms service={random.Next(1, 900)}ms status={(random.Next(10) == 0 ? 404 : 200)} " +
            $"bytes={random.Next(200, 90_000)} protocol=https");
    }

    /// <summary><paramref name="count"/> lines of app <paramref name="app"/> from <paramref name="startUs"/> on,
    /// in batches of up to 4,000; <paramref name="form"/> says how line i's message is written. Line i's
    /// header names host i mod the <paramref name="hosts"/> given ("host" by default); with
    /// <paramref name="markForm"/>, a field <c>form</c> says how its message was written.</summary>
    public static List<EventBatch> Batches(Random random, int count, Func<int, MessageForm> form, string app = "shop", long startUs = TestEvents.Day0Us, string[]? hosts = null, bool markForm = false)
    {
        var batches = new List<EventBatch>();
        var writer = new EventBatchWriter();
        for (int i = 0; i < count; i++)
        {
            long time = startUs + (random.Next(300) * 1_000_000L) + random.Next(1_000_000);
            string message = Message(random);
            string header = Header(time, hosts is null ? "host" : hosts[i % hosts.Length]);
            string raw = header + message;
            var lineForm = form(i);
            bool hasRaw = lineForm != MessageForm.NoRaw;
            bool hasMessage = lineForm != MessageForm.None;
            writer.BeginEvent(app, random.Next(10) == 0 ? "app" : "router", time, time + 5, 2 + (hasRaw ? 1 : 0) + (hasMessage ? 1 : 0) + (markForm ? 1 : 0));
            if (hasRaw)
            {
                writer.WriteField("_raw", lineForm == MessageForm.Empty ? header : raw);
            }

            switch (lineForm)
            {
                case MessageForm.Suffix:
                    writer.WriteUtf8SuffixField("message", System.Text.Encoding.UTF8.GetByteCount(raw) - System.Text.Encoding.UTF8.GetByteCount(message));
                    break;
                case MessageForm.Empty:
                    writer.WriteUtf8SuffixField("message", System.Text.Encoding.UTF8.GetByteCount(header));
                    break;
                case MessageForm.SuffixAsText or MessageForm.NoRaw:
                    writer.WriteField("message", message);
                    break;
                case MessageForm.Other:
                    writer.WriteField("message", message + " (retried)");
                    break;
            }

            writer.WriteField("dyno", "web." + random.Next(1, 4).ToString(CultureInfo.InvariantCulture));
            writer.WriteField("status", (long)(random.Next(10) == 0 ? 404 : 200));
            if (markForm)
            {
                writer.WriteField("form", lineForm.ToString());
            }

            if (writer.Count == 4_000 || i == count - 1)
            {
                batches.Add(writer.ToBatch());
                writer.Clear();
            }
        }

        return batches;
    }
}
