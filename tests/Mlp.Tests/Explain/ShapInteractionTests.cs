using Mlp.Explain;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Tests.Model;

namespace Mlp.Tests.Explain;

/// <summary>Exact SHAP interaction values against hand-computed games and their sum rules.</summary>
public class ShapInteractionTests
{
    /// <summary>
    /// Two players, v(∅) = 1, v({1}) = 3, v({2}) = 4, v({1,2}) = 10: Φ12 = ½(10 − 3 − 4 + 1) = 2;
    /// φ1 = ½[(3 − 1) + (10 − 4)] = 4, φ2 = ½[(4 − 1) + (10 − 3)] = 5; Φ11 = 4 − 2 = 2, Φ22 = 3.
    /// </summary>
    [Fact]
    public void Two_player_game_gives_half_the_joint_surplus_to_the_pair()
    {
        double[] values = [1, 3, 4, 10]; // bit i: player i + 1
        var phi = new double[2];
        var interactions = new double[4];
        ShapInteractions.Row(values, 2, phi, interactions);
        Assert.Equal([4, 5], phi);
        Assert.Equal([2, 2, 2, 3], interactions);
    }

    /// <summary>
    /// Three players, v(S) = 1 when S holds players 1 and 2, else 0: Φ12 = w(0) + w(1) with
    /// w(s) = s!(1 − s)!/(2·2!) = ¼, so ½; player 3 interacts with nobody; φ1 = φ2 = ½, so the
    /// main effects Φ11 = Φ22 = 0.
    /// </summary>
    [Fact]
    public void Three_player_and_game_is_all_interaction()
    {
        var values = new double[8];
        values[0b011] = values[0b111] = 1;
        var phi = new double[3];
        var interactions = new double[9];
        ShapInteractions.Row(values, 3, phi, interactions);
        double[] expected = [0, 0.5, 0, 0.5, 0, 0, 0, 0, 0];
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(expected[i], interactions[i], 12);
        }
    }

    [Fact]
    public void Interaction_values_sum_to_the_shapley_values_and_to_f_minus_the_background_mean()
    {
        var network = Network<float>.Create(4, [10], 1, Activation.Tanh);
        network.Initialize(new Mlp.Rng(3), Initialization.He);
        var model = TestModels.Unscaled(network, TaskKind.Regression);
        var random = new Random(6);
        double[] Rows(int n) =>
            [
                .. Enumerable
                    .Range(0, n * 4)
                    .Select(_ => (double)(float)(random.NextDouble() * 4 - 2)),
            ];
        var inputs = Rows(12);
        var background = Rows(7);
        var data = new ExplainData(model, inputs, new float[12]);
        var result = ShapInteractions.Compute(data, background, null);
        double Forward(double[] rows, int r)
        {
            var x = rows.AsSpan(r * 4, 4).ToArray().Select(v => (float)v).ToArray();
            return network.Forward(x, 1, new Workspace<float>(network, 1))[0];
        }
        double expected = Enumerable.Range(0, 7).Average(b => Forward(background, b));
        // Tolerance 0: no sample is precise enough, so every row takes the exact walk.
        var shap = new ShapMethod(null, background, 1, tolerance: 0).Compute(data);
        for (int r = 0; r < 12; r++)
        {
            var phi = result.Values.AsSpan(r * 16, 16);
            double total = 0;
            for (int i = 0; i < 4; i++)
            {
                double rowSum = 0;
                for (int j = 0; j < 4; j++)
                {
                    rowSum += phi[i * 4 + j];
                    Assert.Equal(phi[i * 4 + j], phi[j * 4 + i], 12);
                }
                Assert.Equal(result.Phi[r * 4 + i], rowSum, 9);
                total += rowSum;
            }
            Assert.Equal(Forward(inputs, r) - expected, total, 5);
        }
        // Φ's row sums are the Shapley values the shap method reports (mean |φ| per feature).
        for (int i = 0; i < 4; i++)
        {
            double meanAbs = Enumerable.Range(0, 12).Average(r => Math.Abs(result.Phi[r * 4 + i]));
            Assert.Equal(shap.Features[i].Importance, meanAbs, 9);
        }
        Assert.True(result.Gaps.Max() < 1e-9);
    }
}
