namespace Metronome.Ingest.Web.Mmdb;

/// <summary>The data section's field types. 1-7 fit in a control byte; 8-15 are "extended" (control
/// type 0, then a byte holding type - 7).</summary>
public enum MmdbDataType
{
    Extended = 0,
    Pointer = 1,
    Utf8String = 2,
    Double = 3,
    Bytes = 4,
    Uint16 = 5,
    Uint32 = 6,
    Map = 7,
    Int32 = 8,
    Uint64 = 9,
    Uint128 = 10,
    Array = 11,
    DataCacheContainer = 12,
    EndMarker = 13,
    Boolean = 14,
    Float = 15,
}
