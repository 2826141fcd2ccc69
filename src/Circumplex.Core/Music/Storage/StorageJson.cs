using System.Text.Json.Serialization;

namespace Circumplex.Music.Storage;

// Generated at build time: the artists column is parsed on every song lookup, where reflection-based parsing showed.
[JsonSerializable(typeof(string[]))]
internal sealed partial class StorageJson : JsonSerializerContext;
