namespace Metronome.Core.Events;

/// <summary>Well-known field names shared by decoders, the store and the query engine.</summary>
public static class FieldNames
{
    public const string App = "_app";
    public const string Name = "name";
    public const string MessageTime = "_messagetime";
    public const string ReceiptTime = "_receipttime";
    public const string Id = "id";
    public const string SourceCategory = "_sourcecategory";
    public const string SourceName = "_sourcename";
    public const string SourceHost = "_sourcehost";
    public const string Raw = "_raw";
    public const string Message = "message";
    public const string Referrer = "referrer";
    public const string Format = "format";
}
