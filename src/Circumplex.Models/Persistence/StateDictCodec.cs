using TorchSharp;
using static TorchSharp.torch;

namespace Circumplex.Models;

/// <summary>
/// Writes and reads a module's state dict (parameters and buffers such as BatchNorm running statistics) as
/// name, dtype, shape, raw little-endian bytes. Float32 tensors are stored as float16, halving the file;
/// a tensor whose values would overflow float16 stays float32 so nothing turns into infinity.
/// </summary>
internal static class StateDictCodec
{
    private const int MaxRank = 8;
    private const int MaxEntries = 100_000;

    private static readonly ScalarType[] Supported =
        [ScalarType.Float16, ScalarType.Float32, ScalarType.Float64, ScalarType.BFloat16, ScalarType.Int64, ScalarType.Int32, ScalarType.Bool, ScalarType.Byte];

    public static void Write(BinaryWriter writer, nn.Module module)
    {
        var state = module.state_dict();
        writer.Write(state.Count);
        using var scope = NewDisposeScope();
        foreach (var (name, tensor) in state)
        {
            var stored = ForStorage(tensor.detach().cpu()).contiguous();
            writer.Write(name);
            writer.Write((byte)stored.dtype);
            writer.Write((byte)stored.dim());
            foreach (long d in stored.shape) writer.Write(d);
            var bytes = stored.bytes;
            writer.Write((long)bytes.Length);
            writer.Write(bytes);
        }
    }

    private static Tensor ForStorage(Tensor tensor)
    {
        if (tensor.dtype != ScalarType.Float32) return tensor;
        var half = tensor.to(ScalarType.Float16);
        bool overflow = half.isfinite().logical_not().logical_and(tensor.isfinite()).any().item<bool>();
        return overflow ? tensor : half;
    }

    /// <summary>Reads every entry into the module's own tensors (converting dtype); the names and shapes must match exactly.</summary>
    public static void Read(BinaryReader reader, nn.Module module)
    {
        var state = module.state_dict();
        int count = reader.ReadInt32();
        if (count < 0 || count > MaxEntries) throw new InvalidDataException($"implausible tensor count {count}");
        if (count != state.Count)
            throw new InvalidDataException($"the file holds {count} tensors but the architecture has {state.Count}");
        var seen = new HashSet<string>();
        using var scope = NewDisposeScope();
        for (int k = 0; k < count; k++)
        {
            string name = reader.ReadString();
            if (!state.TryGetValue(name, out var target))
                throw new InvalidDataException($"tensor '{name}' does not belong to this architecture");
            if (!seen.Add(name)) throw new InvalidDataException($"tensor '{name}' appears twice");
            var dtype = (ScalarType)reader.ReadByte();
            if (Array.IndexOf(Supported, dtype) < 0) throw new InvalidDataException($"tensor '{name}' has unsupported dtype code {(int)dtype}");
            int rank = reader.ReadByte();
            if (rank > MaxRank) throw new InvalidDataException($"tensor '{name}' has implausible rank {rank}");
            var shape = new long[rank];
            for (int d = 0; d < rank; d++) shape[d] = reader.ReadInt64();
            if (!shape.SequenceEqual(target.shape))
                throw new InvalidDataException(
                    $"tensor '{name}' is [{string.Join(",", shape)}] in the file but [{string.Join(",", target.shape)}] in the architecture");
            long byteCount = reader.ReadInt64();
            long expected = target.numel() * ElementSize(dtype);
            if (byteCount != expected)
                throw new InvalidDataException($"tensor '{name}' declares {byteCount} bytes, its shape needs {expected}");
            if (reader.BaseStream.CanSeek && byteCount > reader.BaseStream.Length - reader.BaseStream.Position)
                throw new InvalidDataException($"tensor '{name}' runs past the end of the file");

            var loaded = empty(shape, dtype);
            reader.BaseStream.ReadExactly(loaded.bytes);
            using (no_grad()) target.copy_(loaded);
        }
    }

    private static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float64 or ScalarType.Int64 => 8,
        _ => 1,
    };
}
