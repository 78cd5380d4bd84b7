using Mlp.Kernels;

namespace Mlp.Model;

/// <summary>
/// The model's outputs (through <see cref="OutputHead"/>), or its logits, for every row of a
/// row-major matrix of standardized inputs: the rows are cut into one contiguous block per thread, and each
/// block runs through the network in chunks on its own workspace. A row's outputs come from
/// its own forward pass, so the thread count never changes them.
/// </summary>
internal sealed class ParallelForward : IParallelJob
{
    private const int ChunkRows = 1024;

    private readonly MlpModel _model;
    private readonly float[] _inputs;
    private readonly float[] _outputs;
    private readonly int _rows;
    private readonly CancellationToken _cancel;
    private readonly bool _logits;
    private int _parts;

    private ParallelForward(
        MlpModel model,
        float[] inputs,
        float[] outputs,
        int rows,
        CancellationToken cancel,
        bool logits
    )
    {
        _model = model;
        _inputs = inputs;
        _outputs = outputs;
        _rows = rows;
        _cancel = cancel;
        _logits = logits;
    }

    /// <summary>Outputs (rows, OutputCount) for the inputs (rows, InputCount); Ctrl-C stops it between chunks.</summary>
    public static float[] Run(
        MlpModel model,
        float[] inputs,
        int rows,
        CancellationToken cancel = default
    ) => Run(model, inputs, rows, cancel, logits: false);

    /// <summary>The network's logits (rows, OutputCount) for the inputs (rows, InputCount), before the output head.</summary>
    public static float[] Logits(MlpModel model, float[] inputs, int rows) =>
        Run(model, inputs, rows, default, logits: true);

    private static float[] Run(
        MlpModel model,
        float[] inputs,
        int rows,
        CancellationToken cancel,
        bool logits
    )
    {
        var outputs = new float[rows * model.Network.OutputCount];
        var job = new ParallelForward(model, inputs, outputs, rows, cancel, logits);
        int chunks = (rows + ChunkRows - 1) / ChunkRows;
        job._parts = Math.Max(1, Math.Min(WorkerPool.Threads, chunks));
        WorkerPool.Shared.Run(job, job._parts);
        return outputs;
    }

    // A thread's last workspace: callers such as LIME run a pass per explained row, and a new
    // workspace each time (10 MB for a 5-member ensemble's 1,024 rows) cost more than the pass.
    [ThreadStatic]
    private static (Network<float> Network, Workspace<float> Workspace)? t_workspace;

    /// <summary>This thread's forward-only workspace for the network, reused while it is the same network and large enough.</summary>
    private static Workspace<float> WorkspaceFor(Network<float> network, int rows)
    {
        if (
            t_workspace is var (cachedNetwork, cached)
            && ReferenceEquals(cachedNetwork, network)
            && cached.Capacity >= rows
        )
        {
            return cached;
        }
        var workspace = new Workspace<float>(network, rows, forwardOnly: true);
        t_workspace = (network, workspace);
        return workspace;
    }

    public void Execute(int part)
    {
        var network = _model.Network;
        int start = (int)((long)_rows * part / _parts);
        int end = (int)((long)_rows * (part + 1) / _parts);
        var workspace = WorkspaceFor(network, Math.Min(ChunkRows, Math.Max(1, end - start)));
        int inputWidth = network.InputCount;
        int outputWidth = network.OutputCount;
        for (int row = start; row < end; row += ChunkRows)
        {
            _cancel.ThrowIfCancellationRequested();
            int count = Math.Min(ChunkRows, end - row);
            var logits = network.Forward(
                _inputs.AsSpan(row * inputWidth, count * inputWidth),
                count,
                workspace
            );
            var outputs = _outputs.AsSpan(row * outputWidth, count * outputWidth);
            if (_logits)
            {
                logits[..outputs.Length].CopyTo(outputs);
            }
            else
            {
                OutputHead.Apply(
                    _model.Schema.Task,
                    _model.TargetScaling,
                    logits,
                    outputs,
                    outputWidth
                );
            }
        }
    }
}
