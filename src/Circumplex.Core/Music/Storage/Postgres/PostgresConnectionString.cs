using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Circumplex.Music.Storage.Postgres;

/// <summary>
/// Reads how a PostgreSQL database is named on the command line or in CIRCUMPLEX_DB: a libpq-style URI
/// (<c>postgres://user:password@host:port/database?sslmode=require</c>, or <c>postgresql://</c>) or an Npgsql
/// keyword string that names a host (<c>Host=...;Database=...</c>). Errors quote the input with its password hidden.
/// </summary>
public static partial class PostgresConnectionString
{
    private const string Expected = "expected postgresql://user:password@host:port/database";

    /// <summary>Whether the text names a PostgreSQL database rather than a SQLite file.</summary>
    public static bool Matches(string database) => IsUri(database) || KeywordHost().IsMatch(database);

    private static bool IsUri(string s) =>
        s.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    // A keyword string is told from a file name by naming its server, which Npgsql needs anyway.
    [GeneratedRegex(@"(^|;)\s*(host|server)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeywordHost();

    /// <summary>The Npgsql keyword connection string for a URI or keyword string; ArgumentException when malformed.</summary>
    public static string Parse(string database)
    {
        if (!IsUri(database))
        {
            try
            {
                var b = new NpgsqlConnectionStringBuilder(database);
                if (string.IsNullOrWhiteSpace(b.Host)) throw new ArgumentException("it names no Host");
                return b.ConnectionString;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                // Npgsql names the keyword (and the value only of one that failed to parse, which a password never
                // does), not the text around it, so the password stays out.
                string reason = e switch
                {
                    ArgumentException { ParamName: { } key, InnerException: KeyNotFoundException } => $"unknown keyword '{key}'",
                    ArgumentException { ParamName: { } key, InnerException: { } inner } => $"{key}: {inner.Message}",
                    _ => e.Message.Split(" (Parameter '")[0],
                };
                throw new ArgumentException($"malformed PostgreSQL connection string: {reason}", e);
            }
        }
        try
        {
            return ParseUri(database).ConnectionString;
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"malformed PostgreSQL URI {Redact(database)}: {e.Message}; {Expected}", e);
        }
    }

    private static NpgsqlConnectionStringBuilder ParseUri(string uri)
    {
        string rest = uri[(uri.IndexOf("://", StringComparison.Ordinal) + 3)..];
        string query = "";
        int q = rest.IndexOf('?');
        if (q >= 0) (rest, query) = (rest[..q], rest[(q + 1)..]);
        int slash = rest.IndexOf('/');
        string authority = slash >= 0 ? rest[..slash] : rest;
        string database = slash >= 0 ? Decode(rest[(slash + 1)..], "the database name") : "";
        if (database.Contains('/')) throw new FormatException($"'{database}' is not a database name");

        var b = new NpgsqlConnectionStringBuilder();
        // The last '@' ends the user info, so an unencoded '@' in a password still works.
        int at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            string userInfo = authority[..at];
            int colon = userInfo.IndexOf(':');
            b.Username = Decode(colon >= 0 ? userInfo[..colon] : userInfo, "the user name");
            if (colon >= 0) b.Password = Decode(userInfo[(colon + 1)..], "the password");
            authority = authority[(at + 1)..];
        }
        if (authority.Contains(',')) throw new FormatException("several hosts are not supported in a URI (use Host=a,b;... instead)");
        string host = authority, port = "";
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']');
            if (close < 0) throw new FormatException("an IPv6 address lacks its ']'");
            host = authority[1..close];
            string after = authority[(close + 1)..];
            if (after.Length > 0 && !after.StartsWith(':')) throw new FormatException($"unexpected '{after}' after the IPv6 address");
            port = after.TrimStart(':');
        }
        else if (authority.LastIndexOf(':') is var c and >= 0)
        {
            (host, port) = (authority[..c], authority[(c + 1)..]);
        }
        if (host.Length > 0) b.Host = Decode(host, "the host");
        if (port.Length > 0) b.Port = Port(port);
        if (database.Length > 0) b.Database = database;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries)) Apply(b, pair);
        if (string.IsNullOrEmpty(b.Host)) throw new FormatException("it names no host (for a socket directory add ?host=/var/run/postgresql)");
        return b;
    }

    private static void Apply(NpgsqlConnectionStringBuilder b, string pair)
    {
        int eq = pair.IndexOf('=');
        if (eq <= 0) throw new FormatException($"parameter '{pair.Split('=')[0]}' has no value");
        string key = Decode(pair[..eq], "a parameter name"), value = Decode(pair[(eq + 1)..], $"parameter {pair[..eq]}");
        switch (key)
        {
            case "host": b.Host = value; break;
            case "port": b.Port = Port(value); break;
            case "dbname": b.Database = value; break;
            case "user": b.Username = value; break;
            case "password": b.Password = value; break;
            case "application_name": b.ApplicationName = value; break;
            case "connect_timeout": b.Timeout = Number(key, value, 0, 1024); break;
            case "sslmode": b.SslMode = SslMode(value); break;
            default:
                throw new FormatException($"parameter '{key}' is not supported (supported: host, port, dbname, user, password, sslmode, connect_timeout, application_name)");
        }
    }

    private static SslMode SslMode(string value) => value switch
    {
        "disable" => Npgsql.SslMode.Disable,
        "allow" => Npgsql.SslMode.Allow,
        "prefer" => Npgsql.SslMode.Prefer,
        "require" => Npgsql.SslMode.Require,
        "verify-ca" => Npgsql.SslMode.VerifyCA,
        "verify-full" => Npgsql.SslMode.VerifyFull,
        _ => throw new FormatException($"sslmode '{value}' is none of disable, allow, prefer, require, verify-ca, verify-full"),
    };

    private static int Port(string value) => Number("port", value, 1, 65535);

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
            ? n
            : throw new FormatException($"{name} '{value}' is not a number in {min}..{max}");

    /// <summary>Undoes %XX escapes; the error names the part, never its text (it may be the password).</summary>
    private static string Decode(string s, string what)
    {
        for (int i = s.IndexOf('%'); i >= 0; i = s.IndexOf('%', i + 1))
            if (i + 2 >= s.Length || !Uri.IsHexDigit(s[i + 1]) || !Uri.IsHexDigit(s[i + 2]))
                throw new FormatException($"{what} has a '%' that starts no %XX escape");
        return Uri.UnescapeDataString(s);
    }

    /// <summary>The URI or keyword string with its password (wherever it stands) replaced by ***.</summary>
    public static string Redact(string database)
    {
        if (!IsUri(database)) return KeywordPassword().Replace(database, "$1***");
        int start = database.IndexOf("://", StringComparison.Ordinal) + 3;
        int end = database.IndexOfAny(['/', '?'], start);
        if (end < 0) end = database.Length;
        int at = end > start ? database.LastIndexOf('@', end - 1, end - start) : -1;
        string redacted = database;
        if (at >= 0 && database.IndexOf(':', start, at - start) is var colon and >= 0)
            redacted = string.Concat(database.AsSpan(0, colon + 1), "***", database.AsSpan(at));
        return UriPassword().Replace(redacted, "$1***");
    }

    [GeneratedRegex(@"([?&]password=)[^&]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UriPassword();

    [GeneratedRegex(@"((?:^|;)\s*(?:password|pwd)\s*=)[^;]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeywordPassword();
}
