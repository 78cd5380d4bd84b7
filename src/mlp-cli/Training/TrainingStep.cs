using System.Runtime.CompilerServices;
using Mlp.Cli.Model;

namespace Mlp.Cli.Training;

/// <summary>
/// One optimizer step on a mini-batch: gather the rows into contiguous buffers, forward,
/// loss and its gradient, backward, update. Every buffer is sized once here, so a step
/// allocates nothing.
/// </summary>
internal sealed class TrainingStep
{
    private readonly Network<float> _network;
    private readonly TaskKind _task;
    private readonly Optimizer _optimizer;
    private readonly float[] _gradients;
    private readonly float[] _inputs; // (batch, inputs)
    private readonly float[] _targets; // (batch)

    public TrainingStep(
        Network<float> network,
        TrainingSettings settings,
        TaskKind task,
        int batchSize
    )
    {
        _network = network;
        _task = task;
        Workspace = new Workspace<float>(network, batchSize);
        _optimizer = new Optimizer(settings, network.Parameters.Length);
        _gradients = new float[network.Parameters.Length];
        _inputs = new float[batchSize * network.InputCount];
        _targets = new float[batchSize];
    }

    public Workspace<float> Workspace { get; }

    /// <summary>Steps taken so far.</summary>
    public long Count => _optimizer.Steps;

    /// <summary>Trains on the given rows of <paramref name="data"/> (rows, inputs); returns the batch's summed loss (before the update).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Run(float[] data, float[] target, ReadOnlySpan<int> batch, ScoreAccumulator? seen)
    {
        int rows = batch.Length;
        var network = _network;
        var inputs = _inputs.AsSpan(0, rows * network.InputCount);
        var targets = _targets.AsSpan(0, rows);
        BatchGather.Rows(data, network.InputCount, batch, inputs);
        BatchGather.Values(target, batch, targets);
        var logits = network.Forward(inputs, rows, Workspace);
        seen?.Add(logits, targets, network.OutputCount);
        double loss = LossFunction.Compute(
            _task,
            logits,
            targets,
            Workspace.OutputGradient(rows),
            network.OutputCount,
            1f / rows
        );
        network.Backward(inputs, rows, Workspace, _gradients, inputGradient: false);
        _optimizer.Step(network, _gradients);
        return loss;
    }
}
