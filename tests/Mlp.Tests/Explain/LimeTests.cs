using Mlp.Explain;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Tests.Explain;

/// <summary>LIME's weighted ridge regression and its reading of a linear model.</summary>
public class LimeTests
{
    /// <summary>
    /// x = (−1, 1), y = (0, 2), unit weights, λ = 1: with the means taken out (x̄ = 0, ȳ = 1),
    /// β = Σ x(y − ȳ) / (Σ x² + λ) = 2 / 3.
    /// </summary>
    [Fact]
    public void Weighted_ridge_matches_the_hand_solution()
    {
        var beta = LimeMethod.WeightedRidge([-1, 1], [0, 2], [1, 1], 1, 1);
        Assert.Equal(2.0 / 3, beta[0], 12);
        // Weights count as repeated rows: weight 2 on the second row equals it listed twice.
        var weighted = LimeMethod.WeightedRidge([-1, 1], [0, 2], [1, 2], 1, 1);
        var repeated = LimeMethod.WeightedRidge([-1, 1, 1], [0, 2, 2], [1, 1, 1], 1, 1);
        Assert.Equal(repeated[0], weighted[0], 12);
    }

    /// <summary>
    /// f = 2·(3 z1 − 2 z2 + 0·z3 + 0.5) + 10: LIME's features are the standardized inputs, so a
    /// perfect local fit has slopes 6, −4 and 0 (ridge λ = 1 on about a thousand weighted
    /// samples shrinks them by well under 1 %).
    /// </summary>
    [Fact]
    public void Lime_recovers_the_slopes_of_a_linear_model_in_standardized_units()
    {
        var network = Network<float>.Create(3, [], 1, Activation.Identity);
        float[] weights = [3, -2, 0];
        weights.CopyTo(network.Weights(0));
        network.Bias(0)[0] = 0.5f;
        var model = new MlpModel
        {
            Schema = new Schema
            {
                Sources = [new("x1", null), new("x2", null), new("x3", null)],
                TargetName = "y",
                Task = TaskKind.Regression,
                Classes = [],
                ClassesAreNumbers = false,
            },
            Network = network,
            InputScaling = new Standardization([1, -1, 0], [2, 1, 4]),
            TargetScaling = new Standardization([10], [2]),
            Settings = new TrainingSettings(),
        };
        var random = new Random(2);
        var inputs = Enumerable.Range(0, 30).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var report = new LimeMethod(null, 1000, 42).Compute(
            new ExplainData(model, inputs, new float[10])
        );
        Assert.Equal(6, report.Features[0].Importance, 0.06);
        Assert.Equal(4, report.Features[1].Importance, 0.04);
        // Only float32 rounding of f (about 1e-6 of 10) is left to fit.
        Assert.True(report.Features[2].Importance < 2e-3, $"{report.Features[2].Importance}");
    }
}
