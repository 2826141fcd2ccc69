namespace Circumplex.Music.Import;

/// <summary>The file as a whole cannot be imported (not CSV, unknown schema, no rows); nothing was written.</summary>
public sealed class CatalogFormatException(string message, Exception? inner = null) : Exception(message, inner);
