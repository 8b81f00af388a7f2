using Metronome.Ingest.Web.Mmdb;

namespace Metronome.Ingest.Tests.Web;

public sealed class MmdbDataDecoderTests
{
    private static object RoundTrip(object value)
    {
        var writer = new MmdbWriter.DataWriter(usePointers: false);
        writer.Write(value);
        var bytes = writer.ToArray();
        return new MmdbDataDecoder(bytes, 0, bytes.Length).Decode(0);
    }

    public static TheoryData<object> Values() =>
    [
        "",
        "Zürich 東京",
        1.5d,
        -0.0001d,
        2.25f,
        new byte[] { 0, 1, 254, 255 },
        (ushort)0,
        (ushort)65535,
        (uint)0,
        (uint)258,
        uint.MaxValue,
        0,
        17,
        -1,
        int.MinValue,
        int.MaxValue,
        0UL,
        ulong.MaxValue,
        (UInt128)0,
        UInt128.MaxValue,
        new UInt128(1, 2),
        true,
        false,
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void Each_scalar_type_decodes_to_its_dotnet_type_and_value(object value)
    {
        var decoded = RoundTrip(value);

        Assert.IsType(value.GetType(), decoded);
        Assert.Equal(value, decoded);
    }

    [Theory]
    [InlineData(28)]
    [InlineData(29)]
    [InlineData(284)]
    [InlineData(285)]
    [InlineData(65_820)]
    [InlineData(65_821)]
    [InlineData(100_000)]
    public void Strings_of_every_size_class_decode(int length)
    {
        var text = new string('x', length);

        Assert.Equal(text, RoundTrip(text));
    }

    [Fact]
    public void Maps_and_arrays_nest()
    {
        var value = new Dictionary<string, object>
        {
            ["list"] = new List<object> { 1u, "two", new Dictionary<string, object> { ["three"] = 3.0d }, new List<object>() },
            ["empty"] = new Dictionary<string, object>(),
        };

        var decoded = Assert.IsType<Dictionary<string, object>>(RoundTrip(value));

        var list = Assert.IsType<List<object>>(decoded["list"]);
        Assert.Equal(1u, list[0]);
        Assert.Equal("two", list[1]);
        Assert.Equal(3.0d, ((Dictionary<string, object>)list[2])["three"]);
        Assert.Empty((List<object>)list[3]);
        Assert.Empty((Dictionary<string, object>)decoded["empty"]);
    }

    [Fact]
    public void Pointers_of_all_four_sizes_are_followed()
    {
        var writer = new MmdbWriter.DataWriter(usePointers: false);
        var near = writer.Write("near");
        writer.Write(new byte[3000]);
        var middle = writer.Write("middle");
        writer.Write(new byte[530_000]);
        var far = writer.Write("far");
        var pointers = new List<int>();
        foreach (var target in new[] { near, middle, far })
        {
            pointers.Add(writer.Position);
            writer.WritePointer(target);
        }

        pointers.Add(writer.Position);
        writer.WriteRaw(0x38, 0, 0, 0, (byte)near); // the 4-byte form may hold any offset
        var bytes = writer.ToArray();
        var decoder = new MmdbDataDecoder(bytes, 0, bytes.Length);

        Assert.Equal(["near", "middle", "far", "near"], pointers.Select(decoder.Decode));
        Assert.Equal(2, pointers[1] - pointers[0]);
        Assert.Equal(3, pointers[2] - pointers[1]);
        Assert.Equal(4, pointers[3] - pointers[2]);
    }

    [Fact]
    public void Map_keys_and_values_may_be_pointers()
    {
        var writer = new MmdbWriter.DataWriter(usePointers: true);
        writer.Write(new Dictionary<string, object> { ["iso_code"] = "DE" });
        var second = writer.Write(new Dictionary<string, object> { ["iso_code"] = "DE" });
        var bytes = writer.ToArray();

        var decoded = new MmdbDataDecoder(bytes, 0, bytes.Length).Decode(second);

        Assert.Equal("DE", ((Dictionary<string, object>)decoded)["iso_code"]);
        Assert.True(bytes.Length - second < 8, "the second map should be made of pointers");
    }

    [Fact]
    public void A_path_of_keys_decodes_only_what_it_points_to()
    {
        var writer = new MmdbWriter.DataWriter(usePointers: true);
        var at = writer.Write(MmdbTestDatabases.Country("SE", "Sweden", 2661886));
        var bytes = writer.ToArray();
        var decoder = new MmdbDataDecoder(bytes, 0, bytes.Length);

        Assert.Equal("Sweden", decoder.DecodePath(at, "country", "names", "en"));
        Assert.Equal("SE", decoder.DecodeString(at, "country"u8, "iso_code"u8));
        Assert.Null(decoder.DecodePath(at, "country", "missing"));
        Assert.Null(decoder.DecodePath(at, "country", "iso_code", "deeper"));
        Assert.Null(decoder.DecodeString(at, "country"u8, "geoname_id"u8));
    }

    [Theory]
    [InlineData(new byte[] { 0x20, 0x05 }, "outside")] // pointer past the end
    [InlineData(new byte[] { 0x20, 0x02, 0x20, 0x00 }, "another pointer")] // pointer to pointer
    [InlineData(new byte[] { 0x45, 0x61 }, "runs past the end")] // string longer than the data
    [InlineData(new byte[] { 0x04, 0x05 }, "DataCacheContainer")]
    [InlineData(new byte[] { 0x00, 0x06 }, "EndMarker")]
    [InlineData(new byte[] { 0x00, 0x09 }, "unknown extended type")]
    [InlineData(new byte[] { 0x02, 0x07 }, "boolean")]
    [InlineData(new byte[] { 0x64, 1, 2, 3, 4 }, "not 8")] // 4-byte double
    [InlineData(new byte[] { 0xA3, 1, 2, 3 }, "more than 2")] // 3-byte uint16
    [InlineData(new byte[] { 0xE1, 0xA0 }, "not a string")] // map whose key is a uint16
    [InlineData(new byte[] { 0xE2, 0x41, 0x61, 0xA0, 0x41, 0x61, 0xA0 }, "repeats the key")]
    public void Corrupt_data_raises_a_clear_format_exception(byte[] data, string expected)
    {
        var decoder = new MmdbDataDecoder(data, 0, data.Length);

        var error = Assert.Throws<MmdbFormatException>(() => decoder.Decode(0));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Absurd_nesting_is_refused_instead_of_overflowing_the_stack()
    {
        // An array holding an array holding an array ... 10,000 deep.
        var nested = new byte[20_001];
        for (var i = 0; i < 10_000; i++)
        {
            nested[2 * i] = 0x01; // extended type, size 1
            nested[(2 * i) + 1] = 0x04; // 7 + 4 = array
        }

        var decoder = new MmdbDataDecoder(nested, 0, nested.Length);

        Assert.Contains("nested deeper", Assert.Throws<MmdbFormatException>(() => decoder.Decode(0)).Message);
    }

    [Fact]
    public void An_offset_outside_the_section_is_refused()
    {
        var decoder = new MmdbDataDecoder([0x40], 0, 1);

        Assert.Throws<MmdbFormatException>(() => decoder.Decode(1));
        Assert.Throws<MmdbFormatException>(() => decoder.Decode(-1));
    }
}
