using Onnx;

namespace Circumplex.Models.Persistence;

/// <summary>Float data of an ONNX initializer, whichever of its two encodings the exporter chose.</summary>
internal static class OnnxTensors
{
    public static float[] Floats(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
            throw new InvalidDataException($"ONNX tensor {tensor.Name} is {(TensorProto.Types.DataType)tensor.DataType}, expected float");
        long count = tensor.Dims.Aggregate(1L, (a, d) => a * d);
        float[] values = tensor.RawData.Length > 0
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : [.. tensor.FloatData];
        if (values.Length != count)
            throw new InvalidDataException($"ONNX tensor {tensor.Name} holds {values.Length} values for shape [{string.Join(",", tensor.Dims)}]");
        return values;
    }
}
