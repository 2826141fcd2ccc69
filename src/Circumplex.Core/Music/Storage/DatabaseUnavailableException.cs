namespace Circumplex.Music.Storage;

/// <summary>
/// The catalog database server could not be reached or refused the connection. An <see cref="IOException"/>, so
/// the command-line tool reports it in one line like any other I/O failure; the message names the server and the
/// database but never the password.
/// </summary>
public sealed class DatabaseUnavailableException(string message, Exception inner) : IOException(message, inner);
