namespace Metronome.Ingest.Heroku;

internal enum RouterKeyKind
{
    Other,
    Text,
    UniqueText,
    Code,
    Milliseconds,
    Integer,
    Bool,
}

/// <summary>Recognises the documented router keys from their bytes (length first, then content) and gives
/// their interned names, so the hot path needs no string hashing or cache lookup for keys.</summary>
internal static class RouterKeys
{
    public static RouterKeyKind Classify(ReadOnlySpan<byte> key, out string name)
    {
        switch (key.Length)
        {
            case 2:
                if (key.SequenceEqual("at"u8))
                {
                    name = "at";
                    return RouterKeyKind.Text;
                }

                break;
            case 3:
                if (key.SequenceEqual("fwd"u8))
                {
                    name = "fwd";
                    return RouterKeyKind.UniqueText;
                }

                if (key.SequenceEqual("tls"u8))
                {
                    name = "tls";
                    return RouterKeyKind.Bool;
                }

                break;
            case 4:
                if (key.SequenceEqual("path"u8))
                {
                    name = "path";
                    return RouterKeyKind.Text;
                }

                if (key.SequenceEqual("host"u8))
                {
                    name = "host";
                    return RouterKeyKind.Text;
                }

                if (key.SequenceEqual("dyno"u8))
                {
                    name = "dyno";
                    return RouterKeyKind.Text;
                }

                if (key.SequenceEqual("desc"u8))
                {
                    name = "desc";
                    return RouterKeyKind.Text;
                }

                if (key.SequenceEqual("sock"u8))
                {
                    name = "sock";
                    return RouterKeyKind.Text;
                }

                if (key.SequenceEqual("code"u8))
                {
                    name = "code";
                    return RouterKeyKind.Code;
                }

                break;
            case 5:
                if (key.SequenceEqual("bytes"u8))
                {
                    name = "bytes";
                    return RouterKeyKind.Integer;
                }

                if (key.SequenceEqual("cause"u8))
                {
                    name = "cause";
                    return RouterKeyKind.Text;
                }

                if (key.SequenceEqual("agent"u8))
                {
                    name = "agent";
                    return RouterKeyKind.Text;
                }

                break;
            case 6:
                if (key.SequenceEqual("status"u8))
                {
                    name = "status";
                    return RouterKeyKind.Integer;
                }

                if (key.SequenceEqual("method"u8))
                {
                    name = "method";
                    return RouterKeyKind.Text;
                }

                break;
            case 7:
                if (key.SequenceEqual("connect"u8))
                {
                    name = "connect";
                    return RouterKeyKind.Milliseconds;
                }

                if (key.SequenceEqual("service"u8))
                {
                    name = "service";
                    return RouterKeyKind.Milliseconds;
                }

                break;
            case 8:
                if (key.SequenceEqual("protocol"u8))
                {
                    name = "protocol";
                    return RouterKeyKind.Text;
                }

                break;
            case 10:
                if (key.SequenceEqual("request_id"u8))
                {
                    name = "request_id";
                    return RouterKeyKind.UniqueText;
                }

                break;
            case 11:
                if (key.SequenceEqual("tls_version"u8))
                {
                    name = "tls_version";
                    return RouterKeyKind.Text;
                }

                break;
        }

        name = "";
        return RouterKeyKind.Other;
    }
}
