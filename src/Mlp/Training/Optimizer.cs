using System.Runtime.CompilerServices;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// Applies one optimizer step to every tensor of a network. L2 (and AdamW's decoupled
/// decay) applies to weights only, never to biases.
/// </summary>
internal sealed class Optimizer
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;

    private readonly TrainingSettings _settings;
    private readonly float[] _first;
    private readonly float[] _second;
    private long _step;

    public Optimizer(TrainingSettings settings, int parameterCount)
    {
        LearningRate = settings.LearningRate;
        _settings = settings;
        _first = new float[settings.Optimizer == OptimizerKind.Sgd ? 0 : parameterCount];
        _second = settings.Optimizer is OptimizerKind.Adam or OptimizerKind.AdamW
            ? new float[parameterCount]
            : [];
    }

    public long Steps => _step;

    /// <summary>The step count and a copy of the moments, to save or to restore later.</summary>
    public (long Steps, float[] First, float[] Second) Save() =>
        (_step, (float[])_first.Clone(), (float[])_second.Clone());

    /// <summary>Continues from a saved state (the same optimizer and parameter count).</summary>
    public void Restore(long steps, float[] first, float[] second)
    {
        if (first.Length != _first.Length || second.Length != _second.Length)
        {
            throw new MlpException(
                "the resumed model's optimizer state does not fit its optimizer and network",
                new ErrorPlace("--resume")
            );
        }
        _step = steps;
        first.CopyTo(_first, 0);
        second.CopyTo(_second, 0);
    }

    /// <summary>The rate of the coming steps (the schedule sets it each epoch).</summary>
    public float LearningRate { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(Network<float> network, float[] gradients)
    {
        _step++;
        for (int l = 0; l < network.Layers.Length; l++)
        {
            Update(
                network,
                gradients,
                network.WeightOffset(l),
                network.Layers[l].WeightCount,
                isWeight: true
            );
            Update(
                network,
                gradients,
                network.BiasOffset(l),
                network.Layers[l].OutputCount,
                isWeight: false
            );
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Update(
        Network<float> network,
        float[] gradients,
        int offset,
        int length,
        bool isWeight
    )
    {
        var parameters = network.Parameters.AsSpan(offset, length);
        var gradient = gradients.AsSpan(offset, length);
        float lr = LearningRate;
        float decay = isWeight ? _settings.L2 : 0f;
        switch (_settings.Optimizer)
        {
            case OptimizerKind.Sgd:
                Optimizers.Sgd(parameters, gradient, lr, decay);
                break;
            case OptimizerKind.Momentum:
                Optimizers.Momentum(
                    parameters,
                    gradient,
                    _first.AsSpan(offset, length),
                    lr,
                    _settings.Momentum,
                    decay
                );
                break;
            default:
                bool decoupled = _settings.Optimizer == OptimizerKind.AdamW;
                var adam = new AdamSettings<float>(
                    lr,
                    Beta1,
                    Beta2,
                    Epsilon,
                    decoupled ? 0f : decay,
                    decoupled ? decay : 0f
                );
                Optimizers.Adam(
                    parameters,
                    gradient,
                    _first.AsSpan(offset, length),
                    _second.AsSpan(offset, length),
                    adam,
                    _step
                );
                break;
        }
    }
}
