using System.Text;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest;

namespace Metronome.Server.Drains;

/// <summary>
/// Logs a drain request as it arrived (its ~100 KB logplex body and a small context) instead of the
/// ~2.7 times larger encoded batch, and decodes it again on replay. The context holds everything decoding
/// depends on: layout version byte 1, then the app, source category, source name (strings: varint byte
/// length, UTF-8), the receipt time (zigzag varint, microseconds), the structured-data mode (byte), the
/// tags (varint count, then key and value strings) and a flags byte (bit 0: a frame marker follows).
/// </summary>
public sealed class LogplexWireCodec : IWireCodec
{
    public const string CodecName = "logplex-request";

    private const byte LayoutVersion = 1;
    private const byte MarkedFlag = 1;

    public string Name => CodecName;

    /// <summary>The wire form of a request, or null when its context has something the layout cannot
    /// hold (a tag that is not text): the batch is logged then.</summary>
    public static WireForm? Of(DrainContext context, bool marked, ReadOnlyMemory<byte> body)
    {
        foreach (var tag in context.Tags)
        {
            if (tag.Value.Kind != FieldKind.String)
            {
                return null;
            }
        }

        var bytes = new List<byte>(128) { LayoutVersion };
        AddString(bytes, context.App);
        AddString(bytes, context.SourceCategory);
        AddString(bytes, context.SourceName);
        AddVarint(bytes, BatchPrimitives.ZigZag(context.ReceiptTimeUs));
        bytes.Add((byte)context.StructuredData);
        AddVarint(bytes, (ulong)context.Tags.Count);
        foreach (var tag in context.Tags)
        {
            AddString(bytes, tag.Key);
            AddString(bytes, tag.Value.AsString);
        }

        bytes.Add(marked ? MarkedFlag : (byte)0);
        return new WireForm(CodecName, bytes.ToArray(), body);
    }

    public EventBatch Decode(ReadOnlySpan<byte> context, ReadOnlySpan<byte> body)
    {
        var (drain, marked) = ReadContext(context);
        var writer = new EventBatchWriter(Math.Max(16 * 1024, body.Length * 3));
        return LogplexRequestDecoder.Decode(body, drain, writer, [], _ => marked).Batch;
    }

    private static (DrainContext Context, bool Marked) ReadContext(ReadOnlySpan<byte> bytes)
    {
        int at = 0;
        if (bytes.IsEmpty || bytes[at++] != LayoutVersion)
        {
            throw new InvalidDataException($"a logged drain request has context layout {(bytes.IsEmpty ? "(none)" : bytes[0])}, expected {LayoutVersion}");
        }

        string app = ReadString(bytes, ref at);
        string category = ReadString(bytes, ref at);
        string sourceName = ReadString(bytes, ref at);
        long receiptUs = BatchPrimitives.UnZigZag(BatchPrimitives.ReadVarint(bytes, ref at));
        var structuredData = (StructuredDataMode)ReadByte(bytes, ref at);
        ulong tagCount = BatchPrimitives.ReadVarint(bytes, ref at);
        if (tagCount > (ulong)bytes.Length)
        {
            throw new InvalidDataException($"a logged drain request claims {tagCount} tags in {bytes.Length} bytes");
        }

        var tags = new List<KeyValuePair<string, FieldValue>>((int)tagCount);
        for (ulong i = 0; i < tagCount; i++)
        {
            string key = ReadString(bytes, ref at);
            tags.Add(KeyValuePair.Create(key, FieldValue.From(ReadString(bytes, ref at))));
        }

        bool marked = (ReadByte(bytes, ref at) & MarkedFlag) != 0;
        var context = new DrainContext(app, receiptUs)
        {
            SourceCategory = category,
            SourceName = sourceName,
            StructuredData = structuredData,
            Tags = tags,
        };
        return (context, marked);
    }

    private static void AddString(List<byte> bytes, string value)
    {
        AddVarint(bytes, (ulong)Encoding.UTF8.GetByteCount(value));
        bytes.AddRange(Encoding.UTF8.GetBytes(value));
    }

    private static void AddVarint(List<byte> bytes, ulong value)
    {
        Span<byte> varint = stackalloc byte[10];
        bytes.AddRange(varint[..BatchPrimitives.WriteVarint(varint, value)]);
    }

    private static string ReadString(ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong length = BatchPrimitives.ReadVarint(bytes, ref at);
        if (length > (ulong)(bytes.Length - at))
        {
            throw new InvalidDataException("a string of a logged drain request's context runs past its end");
        }

        string value = Encoding.UTF8.GetString(bytes.Slice(at, (int)length));
        at += (int)length;
        return value;
    }

    private static byte ReadByte(ReadOnlySpan<byte> bytes, ref int at) =>
        at < bytes.Length ? bytes[at++] : throw new InvalidDataException("a logged drain request's context ends early");
}
