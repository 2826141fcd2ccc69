using System.Security.Cryptography;
using System.Text;

namespace Circumplex.Web.Operator;

/// <summary>
/// The operator's secret: what an API client sends as <c>Authorization: Bearer TOKEN</c> and what the page's sign-in
/// exchanges for a cookie. It comes from <see cref="WebOptions.OperatorToken"/> (the CLI fills it from
/// CIRCUMPLEX_OPERATOR_TOKEN), else from <see cref="WebOptions.OperatorTokenFile"/>, else from the file
/// <see cref="GeneratedFileName"/> in the data folder, made with a random token on first start (mode 0600).
/// </summary>
public sealed class OperatorToken
{
    public const string EnvironmentVariable = "CIRCUMPLEX_OPERATOR_TOKEN";
    public const string GeneratedFileName = "operator-token";
    public const int MinimumLength = 16;

    private readonly byte[] _hash;

    private OperatorToken(string token, string origin, string? file)
    {
        if (token.Length < MinimumLength)
            throw new ArgumentException($"the operator token from {origin} is {token.Length} characters long; it needs at least {MinimumLength}");
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        Origin = origin;
        File = file;
    }

    /// <summary>Where the token came from, fit to print (never the token itself).</summary>
    public string Origin { get; }

    /// <summary>The file that holds the token, when it came from one.</summary>
    public string? File { get; }

    /// <summary>Whether a presented token is this one, in time that does not depend on where they differ.</summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(presented.ToArray());
        SHA256.HashData(bytes, hash);
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }

    public static OperatorToken Resolve(WebOptions options)
    {
        if (!string.IsNullOrEmpty(options.OperatorToken))
            return new OperatorToken(options.OperatorToken.Trim(), $"${EnvironmentVariable} or the caller's options", null);
        if (options.OperatorTokenFile is { } named)
        {
            string full = Path.GetFullPath(named);
            if (!System.IO.File.Exists(full)) throw new FileNotFoundException($"operator token file not found: {full}", full);
            return new OperatorToken(ReadToken(full), $"the file {full}", full);
        }
        string generated = Path.Combine(options.ResolvedDataDirectory(), GeneratedFileName);
        return LoadOrCreate(generated);
    }

    private static OperatorToken LoadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            // CreateNew: when two instances start at once on one data folder, one writes and both read the same token.
            using (var f = new FileStream(path, create))
            using (var w = new StreamWriter(f, new UTF8Encoding(false)))
                w.Write(token + "\n");
            return new OperatorToken(token, $"the file {path} (generated now, mode 0600)", path);
        }
        catch (IOException) when (System.IO.File.Exists(path))
        {
            for (int attempt = 0; ; attempt++)
            {
                string text = ReadToken(path, allowEmpty: attempt < 20);
                if (text.Length > 0) return new OperatorToken(text, $"the file {path}", path);
                Thread.Sleep(50); // the other instance is still writing it
            }
        }
    }

    private static string ReadToken(string path, bool allowEmpty = false)
    {
        string text = System.IO.File.ReadAllText(path).Trim();
        if (text.Length == 0 && !allowEmpty) throw new ArgumentException($"the operator token file {path} is empty");
        return text;
    }
}
