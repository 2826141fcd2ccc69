using System.Text;

namespace Circumplex.Music.Import;

/// <summary>
/// Parses the Python list-of-strings literals that pandas wrote into Kaggle's artists columns,
/// e.g. <c>['Uli']</c> or <c>["Guns N' Roses", 'Slash']</c>, including backslash escapes.
/// </summary>
public static class PythonListParser
{
    public static bool TryParse(ReadOnlySpan<char> text, List<string> into, out string? error)
    {
        into.Clear();
        error = null;
        int i = SkipSpace(text, 0);
        if (i >= text.Length || text[i] != '[') { error = "is not a Python list such as ['A', 'B']"; return false; }
        i = SkipSpace(text, i + 1);
        if (i < text.Length && text[i] == ']') return SkipSpace(text, i + 1) == text.Length || Fail(out error, "has text after ']'");
        StringBuilder? sb = null;
        while (true)
        {
            if (i >= text.Length || (text[i] != '\'' && text[i] != '"')) { error = "has a list item that is not a quoted string"; return false; }
            if (!TryReadString(text, ref i, ref sb, out string? item, out error)) return false;
            into.Add(item!);
            i = SkipSpace(text, i);
            if (i < text.Length && text[i] == ',') { i = SkipSpace(text, i + 1); continue; }
            if (i < text.Length && text[i] == ']') return SkipSpace(text, i + 1) == text.Length || Fail(out error, "has text after ']'");
            error = "is missing ',' or ']' between items";
            return false;
        }
    }

    /// <summary>Reads the quoted string starting at <paramref name="i"/> and moves past its closing quote.</summary>
    private static bool TryReadString(ReadOnlySpan<char> text, ref int i, ref StringBuilder? sb, out string? item, out string? error)
    {
        char quote = text[i++];
        error = null;
        // Nearly every name has no escape: take it as one slice (this runs for each of 600k rows).
        int end = text[i..].IndexOfAny(quote, '\\');
        if (end >= 0 && text[i + end] == quote)
        {
            item = text.Slice(i, end).ToString();
            i += end + 1;
            return true;
        }
        item = null;
        sb ??= new StringBuilder();
        sb.Clear();
        while (true)
        {
            if (i >= text.Length) { error = "has an unterminated string"; return false; }
            char c = text[i++];
            if (c == quote) break;
            if (c != '\\') { sb.Append(c); continue; }
            if (i >= text.Length) { error = "ends inside an escape"; return false; }
            char e = text[i++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'x' when i + 2 <= text.Length && TryHex(text.Slice(i, 2), out int x): sb.Append((char)x); i += 2; break;
                case 'u' when i + 4 <= text.Length && TryHex(text.Slice(i, 4), out int u): sb.Append((char)u); i += 4; break;
                default: sb.Append(e); break; // \\ \' \" and unknown escapes keep the character, as Python does for quotes
            }
        }
        item = sb.ToString();
        return true;
    }

    private static bool Fail(out string? error, string message) { error = message; return false; }

    private static int SkipSpace(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
        return i;
    }

    private static bool TryHex(ReadOnlySpan<char> s, out int value) =>
        int.TryParse(s, System.Globalization.NumberStyles.AllowHexSpecifier, null, out value);
}
