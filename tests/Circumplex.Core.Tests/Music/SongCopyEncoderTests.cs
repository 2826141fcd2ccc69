using Circumplex.Music;
using Circumplex.Music.Storage.Postgres;
using Xunit;

namespace Circumplex.Tests.Music;

/// <summary>The bytes of PostgreSQL's binary COPY format, checked by hand against the format's documentation.</summary>
public class SongCopyEncoderTests
{
    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    [Fact]
    public void It_starts_with_the_signature_no_flags_and_no_extension_and_ends_with_minus_one()
    {
        var encoder = new SongCopyEncoder();
        Assert.Equal("5047434F50590AFF0D0A00" + "00000000" + "00000000", Hex(encoder.Encoded));
        encoder.Clear();
        encoder.End();
        Assert.Equal("FFFF", Hex(encoder.Encoded));
    }

    [Fact]
    public void A_row_has_ten_length_prefixed_fields_big_endian_with_nulls_as_minus_one()
    {
        var encoder = new SongCopyEncoder(capacity: 8); // also grows its buffer
        encoder.Clear();
        encoder.Row(new Song("id", "é", [], null, 2001, null, false, 0.5, -2.0), importId: 7);
        string expected =
            "000A" +
            "00000002" + "6964" + // id
            "00000002" + "C3A9" + // é in UTF-8
            "0000000C" + "00000000" + "00000000" + "00000019" + // an empty text[]: no dimensions, element type text (25)
            "FFFFFFFF" + // album
            "00000004" + "000007D1" + // 2001
            "FFFFFFFF" + // popularity
            "00000001" + "00" + // false
            "00000008" + "3FE0000000000000" + // 0.5
            "00000008" + "C000000000000000" + // -2.0
            "00000008" + "0000000000000007"; // import 7
        Assert.Equal(expected, Hex(encoder.Encoded));
    }

    [Fact]
    public void Artists_are_a_one_dimensional_text_array_numbered_from_one()
    {
        var encoder = new SongCopyEncoder();
        encoder.Clear();
        encoder.Row(new Song("i", "t", ["A", "BC"], "x", null, 3, true, 0, 0), importId: 1);
        var hex = Hex(encoder.Encoded);
        // Length 31 = ndim, flags, element type, size, lower bound (5 × 4) + (4 + 1) + (4 + 2).
        Assert.Contains("0000001F" + "00000001" + "00000000" + "00000019" + "00000002" + "00000001" + "0000000141" + "000000024243", hex);
    }

    [Fact]
    public void A_missing_title_or_artist_list_is_an_error_not_a_null()
    {
        var encoder = new SongCopyEncoder();
        Assert.Throws<ArgumentNullException>(() => encoder.Row(new Song("i", null!, ["A"], null, null, null, null, 0, 0), 1));
        Assert.Throws<ArgumentNullException>(() => encoder.Row(new Song("i", "t", null!, null, null, null, null, 0, 0), 1));
    }
}
