using Metronome.Core.Events;

namespace Metronome.Ingest.Text;

/// <summary>Keys that the syslog envelope and the event model own. A key parsed from a message body never
/// takes one of them: it is stored under <see cref="IngestFieldNames.CollisionPrefix"/> + key instead.</summary>
internal static class ReservedFields
{
    public static bool Contains(string key) => MayBeReserved(key[0]) && key.Length switch
    {
        3 => Is(key, IngestFieldNames.SyslogApp),
        4 => Is(key, IngestFieldNames.Proc) || Is(key, FieldNames.Raw) || Is(key, FieldNames.Name) || Is(key, FieldNames.App),
        5 => Is(key, IngestFieldNames.MsgId),
        7 => Is(key, FieldNames.Message),
        9 => Is(key, IngestFieldNames.Facility) || Is(key, IngestFieldNames.Severity),
        11 => Is(key, FieldNames.SourceName) || Is(key, FieldNames.SourceHost) || Is(key, IngestFieldNames.ParseError),
        12 => Is(key, FieldNames.MessageTime) || Is(key, FieldNames.ReceiptTime),
        15 => Is(key, FieldNames.SourceCategory) || Is(key, IngestFieldNames.StructuredData),
        _ => false,
    };

    /// <summary>Every reserved key starts with one of these letters: a cheap filter for the common case.</summary>
    private static bool MayBeReserved(char first) => first == '_' || (first | 0x20) is 'a' or 'p' or 'n' or 'm' or 's';

    private static bool Is(string key, string reserved) => string.Equals(key, reserved, StringComparison.OrdinalIgnoreCase);
}
