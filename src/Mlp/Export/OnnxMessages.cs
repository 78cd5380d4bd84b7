namespace Mlp.Export;

/// <summary>
/// The few ONNX messages an exported model needs, with their field numbers from onnx.proto
/// (github.com/onnx/onnx/blob/main/onnx/onnx.proto).
/// </summary>
internal static class OnnxMessages
{
    /// <summary>TensorProto.DataType values.</summary>
    public const int Float = 1;
    public const int Int64 = 7;

    private const int AttributeFloat = 1;
    private const int AttributeInt = 2;

    /// <summary>ModelProto.</summary>
    public static ProtoMessage Model(
        long irVersion,
        long opsetVersion,
        string producerVersion,
        string docString,
        ProtoMessage graph,
        IEnumerable<(string Key, string Value)> metadata
    )
    {
        var model = new ProtoMessage()
            .Int64(1, irVersion)
            .String(2, "mlp")
            .String(3, producerVersion)
            .String(6, docString)
            .Message(7, graph)
            .Message(8, new ProtoMessage().String(1, "").Int64(2, opsetVersion));
        foreach (var (key, value) in metadata)
        {
            model.Message(14, new ProtoMessage().String(1, key).String(2, value));
        }
        return model;
    }

    /// <summary>GraphProto.</summary>
    public static ProtoMessage Graph(
        string name,
        IEnumerable<ProtoMessage> nodes,
        IEnumerable<ProtoMessage> initializers,
        IEnumerable<ProtoMessage> inputs,
        IEnumerable<ProtoMessage> outputs
    )
    {
        var graph = new ProtoMessage();
        foreach (var node in nodes)
        {
            graph.Message(1, node);
        }
        graph.String(2, name);
        foreach (var initializer in initializers)
        {
            graph.Message(5, initializer);
        }
        foreach (var input in inputs)
        {
            graph.Message(11, input);
        }
        foreach (var output in outputs)
        {
            graph.Message(12, output);
        }
        return graph;
    }

    /// <summary>NodeProto: one operator of the default domain.</summary>
    public static ProtoMessage Node(
        string name,
        string opType,
        string[] inputs,
        string[] outputs,
        params ProtoMessage[] attributes
    )
    {
        var node = new ProtoMessage();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }
        foreach (string output in outputs)
        {
            node.String(2, output);
        }
        node.String(3, name).String(4, opType);
        foreach (var attribute in attributes)
        {
            node.Message(5, attribute);
        }
        return node;
    }

    /// <summary>AttributeProto holding one integer.</summary>
    public static ProtoMessage IntAttribute(string name, long value) =>
        new ProtoMessage().String(1, name).Int64(3, value).Int64(20, AttributeInt);

    /// <summary>AttributeProto holding one float.</summary>
    public static ProtoMessage FloatAttribute(string name, float value) =>
        new ProtoMessage().String(1, name).Float(2, value).Int64(20, AttributeFloat);

    /// <summary>TensorProto of float32 values with its shape.</summary>
    public static ProtoMessage FloatTensor(string name, long[] dims, ReadOnlySpan<float> values) =>
        new ProtoMessage()
            .PackedInt64s(1, dims)
            .Int64(2, Float)
            .PackedFloats(4, values)
            .String(8, name);

    /// <summary>ValueInfoProto of a tensor; a null dimension is the batch, named <c>N</c>.</summary>
    public static ProtoMessage TensorValue(
        string name,
        int elementType,
        long?[] dims,
        string docString
    )
    {
        var shape = new ProtoMessage();
        foreach (long? dim in dims)
        {
            shape.Message(
                1,
                dim is long size
                    ? new ProtoMessage().Int64(1, size)
                    : new ProtoMessage().String(2, "N")
            );
        }
        var tensorType = new ProtoMessage().Int64(1, elementType).Message(2, shape);
        return new ProtoMessage()
            .String(1, name)
            .Message(2, new ProtoMessage().Message(1, tensorType))
            .String(3, docString);
    }
}
