using System.Text;

namespace Circumplex.Music.Import;

/// <summary>
/// Opens a catalog file as text: UTF-8 with or without a byte-order mark, UTF-16 LE/BE with one. Bytes that are not
/// valid in the encoding become U+FFFD and are counted (<see cref="InvalidSequences"/>), so the import can say so
/// instead of changing names without a word. Files with NUL bytes and no UTF-16 mark are refused as binary.
/// </summary>
public sealed class CatalogText
{
    private readonly CountingFallback _fallback = new();

    public TextReader Reader { get; }

    /// <summary>"UTF-8", "UTF-8 with BOM", "UTF-16 LE" or "UTF-16 BE".</summary>
    public string EncodingName { get; }

    /// <summary>Byte sequences that were not valid in <see cref="EncodingName"/> and became U+FFFD so far.</summary>
    public int InvalidSequences => Volatile.Read(ref _fallback.Count);

    private CatalogText(Stream stream, Encoding encoding, string name)
    {
        EncodingName = name;
        var decoding = (Encoding)encoding.Clone();
        decoding.DecoderFallback = _fallback;
        Reader = new StreamReader(stream, decoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
    }

    public static CatalogText Open(Stream stream)
    {
        if (!stream.CanSeek) return new CatalogText(stream, new UTF8Encoding(false), "UTF-8");
        var head = new byte[8192];
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (n == 0) throw new CatalogFormatException("the file is empty: a catalog needs a header row and at least one song");
        var (encoding, name, bom) = head switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ((Encoding)new UTF8Encoding(false), "UTF-8 with BOM", 3),
            [0xFF, 0xFE, 0, 0, ..] => throw new CatalogFormatException("the file is UTF-32: save it as UTF-8 (or UTF-16) and try again"),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), "UTF-16 LE", 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), "UTF-16 BE", 2),
            _ => (new UTF8Encoding(false), "UTF-8", 0),
        };
        if (bom != 2 && Array.IndexOf(head, (byte)0, 0, n) >= 0)
        {
            throw new CatalogFormatException(LooksLikeUtf16(head.AsSpan(0, n))
                ? "the file looks like UTF-16 without a byte-order mark: save it as UTF-8, or as UTF-16 with a BOM"
                : "not a CSV file: it contains binary data (NUL bytes)");
        }
        stream.Position = bom;
        return new CatalogText(stream, encoding, name);
    }

    /// <summary>ASCII text in UTF-16 has a NUL in every other byte.</summary>
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> head)
    {
        int even = 0, odd = 0;
        for (int i = 0; i < head.Length; i++) if (head[i] == 0) { if ((i & 1) == 0) even++; else odd++; }
        return Math.Max(even, odd) > head.Length / 3 && Math.Min(even, odd) < head.Length / 50 + 1;
    }

    /// <summary>Replaces each invalid byte sequence with U+FFFD, as the default fallback does, and counts it.</summary>
    private sealed class CountingFallback : DecoderFallback
    {
        public int Count;

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer(CountingFallback owner) : DecoderFallbackBuffer
        {
            private int _remaining;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                Interlocked.Increment(ref owner.Count);
                _remaining = 1;
                return true;
            }

            public override char GetNextChar()
            {
                if (_remaining == 0) return '\0';
                _remaining--;
                return '\uFFFD';
            }

            public override bool MovePrevious()
            {
                if (_remaining != 0) return false;
                _remaining = 1;
                return true;
            }

            public override int Remaining => _remaining;

            public override void Reset() => _remaining = 0;
        }
    }
}
