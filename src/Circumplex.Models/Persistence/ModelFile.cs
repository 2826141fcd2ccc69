using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Models;

/// <summary>
/// One self-describing file per trained model:
/// <code>
/// "CIRCMPLX"            8-byte magic
/// uint32                format version (1)
/// int32 + UTF-8 JSON    <see cref="ModelMetadata"/>
/// state dict            see <see cref="StateDictCodec"/> (float32 stored as float16)
/// 32 bytes              SHA-256 of everything before it
/// </code>
/// Loading needs no training code: the metadata names the architecture, which is rebuilt and filled.
/// </summary>
public static class ModelFile
{
    public const string Extension = ".cmodel";
    public const uint FormatVersion = 1;
    private static readonly byte[] Magic = "CIRCMPLX"u8.ToArray();
    private const int HashSize = 32;
    private const int MaxMetadataBytes = 64 << 20;

    /// <summary>Writes atomically (temporary file, then rename), so a crash never leaves half a model behind.</summary>
    public static void Save(string path, AffectNetwork network, ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(metadata);
        if (network.IsFoldedForInference)
            throw new ArgumentException("the network's BatchNorm was folded for inference: its weights are not the trained ones", nameof(network));
        if (metadata.Architecture != network.Architecture || metadata.Design != network.Design
            || metadata.InputSize != network.InputSize || metadata.ExtraOutputs != network.ExtraOutputs)
            throw new ArgumentException(
                $"metadata describes {metadata.Architecture} {metadata.Design} at {metadata.InputSize} px (+{metadata.ExtraOutputs} outputs) " +
                $"but the network is {network.Architecture} {network.Design} at {network.InputSize} px (+{network.ExtraOutputs} outputs)",
                nameof(metadata));
        metadata.Validate();
        metadata = metadata with { ParameterCount = ParameterCount.Of(network) };

        string full = Path.GetFullPath(path);
        string temp = full + $".{Environment.ProcessId}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                using (var hashing = new HashingStream(file, hash))
                using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(Magic);
                    writer.Write(FormatVersion);
                    byte[] json = Encoding.UTF8.GetBytes(metadata.ToJson());
                    writer.Write(json.Length);
                    writer.Write(json);
                    StateDictCodec.Write(writer, network);
                }
                file.Write(hash.GetHashAndReset());
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Verifies and loads a model file; the network comes back in eval mode.</summary>
    /// <exception cref="InvalidDataException">not a model file, another version, truncated, corrupt, or weights that do not fit the architecture.</exception>
    public static LoadedModel Load(string path, Device? device = null)
    {
        string full = Path.GetFullPath(path);
        using var file = Open(full);
        using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
        var metadata = ReadHeader(full, reader);
        long weightsStart = file.Position;
        VerifyChecksum(full, file);
        file.Position = weightsStart;
        AffectNetwork? network = null;
        try
        {
            network = AffectNetworkFactory.Create(metadata.Architecture, metadata.Design, metadata.InputSize, device, metadata.ExtraOutputs);
            StateDictCodec.Read(reader, network);
            if (file.Position != file.Length - HashSize)
                throw new InvalidDataException($"{file.Length - HashSize - file.Position} unexpected bytes after the weights");
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or ArgumentException or FormatException)
        {
            network?.Dispose();
            throw new InvalidDataException($"{full}: invalid model weights: {e.Message}", e);
        }
        network.eval();
        return new LoadedModel(network, metadata);
    }

    /// <summary>The metadata alone (no weights read, no checksum verified): for listing and inspecting models quickly.</summary>
    public static ModelMetadata ReadMetadata(string path)
    {
        string full = Path.GetFullPath(path);
        using var file = Open(full);
        using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
        return ReadHeader(full, reader);
    }

    private static FileStream Open(string full)
    {
        if (!File.Exists(full)) throw new FileNotFoundException($"model file not found: {full}", full);
        var file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        if (file.Length < Magic.Length + sizeof(uint) + sizeof(int) + HashSize)
        {
            long length = file.Length;
            file.Dispose();
            throw new InvalidDataException($"{full}: not a Circumplex model file (only {length} bytes: empty or truncated)");
        }
        return file;
    }

    private static ModelMetadata ReadHeader(string full, BinaryReader reader)
    {
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw new InvalidDataException($"{full}: not a Circumplex model file (wrong magic number)");
            uint version = reader.ReadUInt32();
            if (version != FormatVersion)
                throw new InvalidDataException(
                    $"{full}: model file format version {version} is not supported (this build reads version {FormatVersion})");
            int length = reader.ReadInt32();
            if (length <= 0 || length > MaxMetadataBytes || length > reader.BaseStream.Length - reader.BaseStream.Position)
                throw new InvalidDataException($"{full}: corrupt or truncated model file (metadata length {length})");
            var metadata = ModelMetadata.FromJson(Encoding.UTF8.GetString(reader.ReadBytes(length)));
            metadata.Validate();
            return metadata;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or EndOfStreamException or DecoderFallbackException)
        {
            throw new InvalidDataException($"{full}: corrupt model metadata: {e.Message}", e);
        }
    }

    private static void VerifyChecksum(string full, FileStream file)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long remaining = file.Length - HashSize;
        file.Position = 0;
        while (remaining > 0)
        {
            int read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0) throw new InvalidDataException($"{full}: model file shrank while being read");
            hash.AppendData(buffer, 0, read);
            remaining -= read;
        }
        Span<byte> stored = stackalloc byte[HashSize];
        file.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
            throw new InvalidDataException($"{full}: corrupt or truncated model file (checksum mismatch)");
    }
}

/// <summary>A loaded model: its network (in eval mode) and what the file said about it.</summary>
public sealed class LoadedModel(AffectNetwork network, ModelMetadata metadata) : IDisposable
{
    public AffectNetwork Network { get; } = network;
    public ModelMetadata Metadata { get; } = metadata;
    public void Dispose() => Network.Dispose();
}
