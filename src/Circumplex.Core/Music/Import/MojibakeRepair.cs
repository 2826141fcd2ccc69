using System.Text;

namespace Circumplex.Music.Import;

/// <summary>
/// Undoes the commonest CSV damage: UTF-8 text decoded once as Windows-1252/Latin-1 and saved again as UTF-8
/// (Excel does this; "telepatía" becomes "telepatÃ\u00ADa", "BØRNS" becomes "BÃ˜RNS"). Text that is not such a
/// double encoding — it would not decode as strict UTF-8 — is returned unchanged.
/// </summary>
public static class MojibakeRepair
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    // Windows-1252 puts printable characters at 0x80–0x9F where Latin-1 has control codes.
    private static readonly Dictionary<char, byte> Windows1252 = new()
    {
        ['€'] = 0x80, ['‚'] = 0x82, ['ƒ'] = 0x83, ['„'] = 0x84, ['…'] = 0x85, ['†'] = 0x86, ['‡'] = 0x87,
        ['ˆ'] = 0x88, ['‰'] = 0x89, ['Š'] = 0x8A, ['‹'] = 0x8B, ['Œ'] = 0x8C, ['Ž'] = 0x8E, ['‘'] = 0x91,
        ['’'] = 0x92, ['“'] = 0x93, ['”'] = 0x94, ['•'] = 0x95, ['–'] = 0x96, ['—'] = 0x97, ['˜'] = 0x98,
        ['™'] = 0x99, ['š'] = 0x9A, ['›'] = 0x9B, ['œ'] = 0x9C, ['ž'] = 0x9E, ['Ÿ'] = 0x9F,
    };

    public static string Repair(string text)
    {
        bool suspicious = false;
        foreach (char c in text)
            if (c is >= '\u00C2' and <= '\u00F4') { suspicious = true; break; } // lead bytes of multi-byte UTF-8
        if (!suspicious) return text;

        var bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c <= 0xFF) bytes[i] = (byte)c;
            else if (Windows1252.TryGetValue(c, out byte b)) bytes[i] = b;
            else return text; // a character neither code page has: this text was never double encoded
        }
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return text; // genuine Latin-1 text such as "Café"
        }
    }
}
