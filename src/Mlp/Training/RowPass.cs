using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// Forward passes over chosen rows of the (standardized, row-major) inputs, a workspace-sized chunk
/// at a time: gathers the rows, runs the network, and hands each chunk's logits and targets
/// to the caller along with the chunk's first position in <c>rows</c>.
/// </summary>
internal sealed class RowPass(Network<float> network, Workspace<float> workspace)
{
    private readonly float[] _inputs = new float[workspace.Capacity * network.InputCount]; // (capacity, inputs)
    private readonly float[] _targets = new float[workspace.Capacity];

    public delegate void ChunkHandler(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> targets,
        int start
    );

    public void Run(float[] inputs, float[] target, ReadOnlySpan<int> rows, ChunkHandler onChunk)
    {
        int capacity = workspace.Capacity;
        for (int start = 0; start < rows.Length; start += capacity)
        {
            int count = Math.Min(capacity, rows.Length - start);
            var chunk = rows.Slice(start, count);
            BatchGather.Rows(inputs, network.InputCount, chunk, _inputs);
            BatchGather.Values(target, chunk, _targets);
            var logits = network.Forward(
                _inputs.AsSpan(0, count * network.InputCount),
                count,
                workspace
            );
            onChunk(logits, _targets.AsSpan(0, count), start);
        }
    }
}
