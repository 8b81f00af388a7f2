using Metronome.Core.Events;

namespace Metronome.Ingest;

/// <summary>Field names the decoders write besides those in <see cref="FieldNames"/>.</summary>
public static class IngestFieldNames
{
    /// <summary>Syslog APP-NAME (<c>heroku</c>, <c>app</c>) or the RFC 3164 TAG.</summary>
    public const string SyslogApp = "app";

    /// <summary>Syslog PROCID (<c>router</c>, <c>web.1</c>, <c>api</c>) or the RFC 3164 pid.</summary>
    public const string Proc = "proc";

    /// <summary>The syslog facility keyword decoded from PRI (<c>local7</c>).</summary>
    public const string Facility = "_facility";

    /// <summary>The syslog severity keyword decoded from PRI (<c>info</c>).</summary>
    public const string Severity = "_severity";

    /// <summary>RFC 5424 MSGID, only when it is not <c>-</c>.</summary>
    public const string MsgId = "msgid";

    /// <summary>RFC 5424 STRUCTURED-DATA as sent, only when it is not <c>-</c>.</summary>
    public const string StructuredData = "structured_data";

    /// <summary>Why (part of) the bytes could not be decoded.</summary>
    public const string ParseError = "_parseerror";

    /// <summary>Prefix given to a parsed key that would overwrite a reserved field (<c>message</c> in a JSON
    /// line becomes <c>msg.message</c>).</summary>
    public const string CollisionPrefix = "msg.";

    public const string Code = "code";
    public const string Desc = "desc";
    public const string CodeDescription = "code_description";
    public const string Detail = "detail";
    public const string Action = "action";
    public const string User = "user";
}
