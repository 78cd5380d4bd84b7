namespace Mlp.Export;

/// <summary>Collects a graph's nodes and constant tensors, naming each intermediate value.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly List<ProtoMessage> _nodes = [];
    private readonly List<ProtoMessage> _initializers = [];

    public IReadOnlyList<ProtoMessage> Nodes => _nodes;
    public IReadOnlyList<ProtoMessage> Initializers => _initializers;

    /// <summary>Adds a node; its output is <paramref name="output"/> or a fresh name. Returns the output's name.</summary>
    public string Add(
        string opType,
        string[] inputs,
        string? output = null,
        params ProtoMessage[] attributes
    )
    {
        string name = $"{opType.ToLowerInvariant()}_{_nodes.Count}";
        output ??= name;
        _nodes.Add(OnnxMessages.Node(name, opType, inputs, [output], attributes));
        return output;
    }

    /// <summary>Adds a float constant of shape <paramref name="dims"/>; returns its name.</summary>
    public string Constant(string name, long[] dims, ReadOnlySpan<float> values)
    {
        _initializers.Add(OnnxMessages.FloatTensor(name, dims, values));
        return name;
    }

    /// <summary>A one-element float constant (broadcast against any tensor).</summary>
    public string Scalar(string name, float value) => Constant(name, [1], [value]);
}
