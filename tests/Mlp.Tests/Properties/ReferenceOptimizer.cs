using Mlp.Model;

namespace Mlp.Tests.Properties;

/// <summary>
/// PyTorch's optimizers in double, from their documentation: SGD (w −= lr·(g + λw)), SGD with
/// momentum (v = μv + g + λw; w −= lr·v), Adam with bias correction and coupled L2, AdamW with
/// decoupled decay (w ·= 1 − lr·λ first). λ applies to weights only, never to biases.
/// </summary>
internal sealed class ReferenceOptimizer(
    OptimizerKind kind,
    float momentum,
    float l2,
    bool[] isWeight
)
{
    private const double Beta1 = 0.9,
        Beta2 = 0.999,
        Epsilon = 1e-8;

    private readonly double[] _first = new double[isWeight.Length];
    private readonly double[] _second = new double[isWeight.Length];
    private long _steps;

    /// <summary>
    /// The parameters after one step from <paramref name="before"/> with <paramref name="gradient"/>,
    /// and how far each may move with float rounding of the decayed gradient g + λw (one unit in
    /// its last place either way): Adam divides by √v̂ + ε, so where g and λw nearly cancel a float
    /// step is far from the double one, legitimately.
    /// </summary>
    public (double[] After, double[] Sensitivity) Step(
        ReadOnlySpan<float> before,
        ReadOnlySpan<float> gradient,
        double learningRate
    )
    {
        _steps++;
        var after = new double[before.Length];
        var sensitivity = new double[before.Length];
        for (int i = 0; i < before.Length; i++)
        {
            double w = before[i];
            double decay = isWeight[i] ? l2 : 0;
            bool coupled = kind != OptimizerKind.AdamW;
            double g = gradient[i] + (coupled ? decay * w : 0);
            double rounding = (Math.Abs(gradient[i]) + Math.Abs(decay * w)) * Math.Pow(2, -23);
            after[i] = Update(i, w, g, decay, learningRate, commit: true);
            sensitivity[i] =
                Math.Abs(
                    Update(i, w, g + rounding, decay, learningRate, commit: false)
                        - Update(i, w, g - rounding, decay, learningRate, commit: false)
                ) / 2;
        }
        return (after, sensitivity);
    }

    /// <summary>One parameter's step with the gradient <paramref name="g"/> (L2 already added where coupled); <paramref name="commit"/> keeps the moments.</summary>
    private double Update(int i, double w, double g, double decay, double learningRate, bool commit)
    {
        switch (kind)
        {
            case OptimizerKind.Sgd:
                return w - learningRate * g;
            case OptimizerKind.Momentum:
                double velocity = momentum * _first[i] + g;
                if (commit)
                {
                    _first[i] = velocity;
                }
                return w - learningRate * velocity;
            default:
                double shrunk = kind == OptimizerKind.AdamW ? w * (1 - learningRate * decay) : w;
                double first = Beta1 * _first[i] + (1 - Beta1) * g;
                double second = Beta2 * _second[i] + (1 - Beta2) * g * g;
                if (commit)
                {
                    (_first[i], _second[i]) = (first, second);
                }
                double firstHat = first / (1 - Math.Pow(Beta1, _steps));
                double secondHat = second / (1 - Math.Pow(Beta2, _steps));
                return shrunk - learningRate * firstHat / (Math.Sqrt(secondHat) + Epsilon);
        }
    }
}
