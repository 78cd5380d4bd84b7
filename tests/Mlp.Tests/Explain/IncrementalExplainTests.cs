using Mlp.Cli;
using Mlp.Explain;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Tests.Model;

namespace Mlp.Tests.Explain;

/// <summary>
/// Permutation importance and sampled Shapley values update the first layer one column at a
/// time: checked against whole forward passes written here in double, and against exact
/// Shapley values.
/// </summary>
public class IncrementalExplainTests
{
    private static MlpModel TanhRegression(int features, int seed)
    {
        var network = Network<float>.Create(features, [7, 5], 1, Activation.Tanh);
        network.Initialize(new Rng((ulong)seed), Initialization.PyTorch);
        return TestModels.Unscaled(network, TaskKind.Regression);
    }

    /// <summary>The network's output for one row, in double with plain loops.</summary>
    private static double Forward(Network<float> network, ReadOnlySpan<double> x)
    {
        double[] layerInput = x.ToArray();
        for (int l = 0; l < network.Layers.Length; l++)
        {
            var layer = network.Layers[l];
            var weights = network.Weights(l);
            var bias = network.Bias(l);
            var output = new double[layer.OutputCount];
            for (int j = 0; j < layer.OutputCount; j++)
            {
                double sum = bias[j];
                for (int i = 0; i < layer.InputCount; i++)
                {
                    sum += weights[j * layer.InputCount + i] * layerInput[i];
                }
                output[j] = layer.Activation == Activation.Tanh ? Math.Tanh(sum) : sum;
            }
            layerInput = output;
        }
        return layerInput[0];
    }

    [Fact]
    public void Permutation_drops_match_whole_forward_passes_on_the_shuffled_rows()
    {
        const int features = 4,
            rows = 60,
            repeats = 2;
        const long seed = 11;
        var model = TanhRegression(features, 3);
        var random = new Random(4);
        var inputs = Enumerable
            .Range(0, rows * features)
            .Select(_ => random.NextDouble() * 4 - 2)
            .ToArray();
        var targets = Enumerable.Range(0, rows).Select(_ => (float)random.NextDouble()).ToArray();
        var data = new ExplainData(model, inputs, targets);

        double Mse(double[] x) =>
            Enumerable
                .Range(0, rows)
                .Average(r =>
                {
                    double error =
                        Forward(model.Network, x.AsSpan(r * features, features)) - targets[r];
                    return error * error;
                });

        double baseline = Mse(inputs);
        var report = new PermutationMethod("mse", repeats, seed).Compute(data);
        for (int g = 0; g < features; g++)
        {
            double drops = 0;
            for (int repeat = 0; repeat < repeats; repeat++)
            {
                var order = Enumerable.Range(0, rows).ToArray();
                Rng.For(seed, RngStream.Permutation, g * repeats + repeat).Shuffle(order);
                var shuffled = (double[])inputs.Clone();
                for (int r = 0; r < rows; r++)
                {
                    shuffled[r * features + g] = inputs[order[r] * features + g];
                }
                drops += Mse(shuffled) - baseline;
            }
            Assert.Equal(drops / repeats, report.Features[g].Importance, 5);
        }
    }

    [Fact]
    public void Sampled_shapley_values_agree_with_the_exact_ones_within_their_standard_errors()
    {
        const int features = 17,
            rows = 3,
            backgroundRows = 6;
        var network = Network<float>.Create(features, [12], 1, Activation.Tanh);
        network.Initialize(new Rng(9), Initialization.He);
        var model = TestModels.Unscaled(network, TaskKind.Binary);
        var random = new Random(6);
        var inputs = Enumerable
            .Range(0, rows * features)
            .Select(_ => (double)(float)(random.NextDouble() * 4 - 2))
            .ToArray();
        var background = Enumerable
            .Range(0, backgroundRows * features)
            .Select(_ => (double)(float)(random.NextDouble() * 4 - 2))
            .ToArray();
        var data = new ExplainData(model, inputs, new float[rows]);
        var shap = new ShapMethod(null, background, 5);
        shap.Compute(data);

        var weights = ShapMethod.CoalitionWeights(features);
        int within2 = 0;
        for (int r = 0; r < rows; r++)
        {
            var values = CoalitionValue
                .Over(data, background)
                .All(inputs.AsSpan(r * features, features), 0, features);
            var exact = new double[features];
            ShapMethod.Exact(values, features, weights, exact);
            for (int i = 0; i < features; i++)
            {
                double gap = Math.Abs(shap.RowValues[r * features + i] - exact[i]);
                double error = shap.RowStandardErrors[r * features + i];
                Assert.True(
                    gap <= 4 * error + 1e-7,
                    $"row {r}, x{i + 1}: gap {gap}, standard error {error}"
                );
                within2 += gap <= 2 * error + 1e-7 ? 1 : 0;
            }
        }
        Assert.True(
            within2 >= 0.85 * rows * features,
            $"{within2} of {rows * features} within 2 standard errors"
        );
    }

    /// <summary>
    /// The stratified sampler on random shapes (players, background rows not a multiple of
    /// the quarter rounds, a deep or shallow network): each row's values lie within a few of
    /// their standard errors of the exact ones computed by composing every coalition's rows,
    /// the errors are calibrated (most within two), and a row that takes the exact walk
    /// instead reports no error and matches to rounding.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Stratified_samples_agree_with_every_coalition_within_their_errors_on_random_shapes(
        int seed
    )
    {
        var random = new Random(seed);
        int features = random.Next(5, 11),
            rows = 4,
            backgroundRows = random.Next(1, 15);
        int[] hidden = random.Next(2) == 0 ? [random.Next(3, 12)] : [8, random.Next(3, 9)];
        var network = Network<float>.Create(features, hidden, 1, Activation.Tanh);
        network.Initialize(new Rng((ulong)seed), Initialization.He);
        var model = TestModels.Unscaled(network, TaskKind.Binary);
        double[] Draw(int count) =>
            Enumerable
                .Range(0, count * features)
                .Select(_ => (double)(float)(random.NextDouble() * 4 - 2))
                .ToArray();
        var inputs = Draw(rows);
        var background = Draw(backgroundRows);
        var data = new ExplainData(model, inputs, new float[rows]);
        var shap = new ShapMethod(null, background, seed, tolerance: 0.02);
        shap.Compute(data);
        var weights = ShapMethod.CoalitionWeights(features);
        int within2 = 0,
            sampled = 0;
        for (int r = 0; r < rows; r++)
        {
            var values = CoalitionValue
                .Over(data, background)
                .All(inputs.AsSpan(r * features, features), 0, features);
            var exact = new double[features];
            ShapMethod.Exact(values, features, weights, exact);
            bool walked = Enumerable
                .Range(0, features)
                .All(i => shap.RowStandardErrors[r * features + i] == 0);
            sampled += walked ? 0 : features;
            for (int i = 0; i < features; i++)
            {
                double gap = Math.Abs(shap.RowValues[r * features + i] - exact[i]);
                double error = shap.RowStandardErrors[r * features + i];
                Assert.True(
                    gap <= 5 * error + 1e-6,
                    $"{features} features, {backgroundRows} background rows, hidden {string.Join(",", hidden)}; row {r}, x{i + 1}: gap {gap}, standard error {error}"
                );
                within2 += !walked && gap <= 2 * error + 1e-7 ? 1 : 0;
            }
        }
        Assert.True(
            within2 >= 0.8 * sampled,
            $"{within2} of {sampled} sampled values within 2 standard errors"
        );
    }

    /// <summary>
    /// v(S) of every coalition by the Gray-code walk (one player's columns added or taken away
    /// per step, background rows grouped into batches) against composing each coalition's rows
    /// and running the whole model on them: a multiclass model with a one-hot group, scaled
    /// inputs, rows that share values with background rows (steps that change nothing), and
    /// enough players that one background row spans several batches.
    /// </summary>
    [Theory]
    [InlineData(4, 9)]
    [InlineData(6, 3)]
    [InlineData(15, 2)]
    public void Every_coalitions_value_matches_the_models_own_forward_pass(
        int numeric,
        int backgroundRows
    )
    {
        string[] colours = ["red", "green", "blue"];
        int inputs = numeric + colours.Length;
        var network = Network<float>.Create(inputs, [9, 6], 3, Activation.Tanh);
        network.Initialize(new Rng(11), Initialization.PyTorch);
        var model = new MlpModel
        {
            Schema = new Schema
            {
                Sources =
                [
                    .. Enumerable.Range(1, numeric).Select(i => new SourceFeature($"x{i}", null)),
                    new SourceFeature("colour", colours),
                ],
                TargetName = "y",
                Task = TaskKind.Multiclass,
                Classes = ["a", "b", "c"],
                ClassesAreNumbers = false,
            },
            Network = network,
            InputScaling = new Standardization(
                [.. Enumerable.Range(0, inputs).Select(i => 0.1 * i)],
                [.. Enumerable.Range(0, inputs).Select(i => 0.5 + 0.25 * i)]
            ),
            TargetScaling = null,
            Settings = new TrainingSettings(),
        };
        var random = new Random(numeric);
        double[] Row(int colour) =>
            [
                .. Enumerable
                    .Range(0, numeric)
                    .Select(_ => Math.Round(random.NextDouble() * 4 - 2, 1)),
                .. Enumerable.Range(0, colours.Length).Select(c => c == colour ? 1.0 : 0.0),
            ];
        var background = Enumerable.Range(0, backgroundRows).SelectMany(b => Row(b % 3)).ToArray();
        var x = Row(1);
        // The row shares its first feature and (with background row 1) its colour with the background.
        x[0] = background[0];
        var data = new ExplainData(model, x, new float[1]);
        var orderings = new OrderingValues(model, data.Groups, background);
        for (int rowClass = 0; rowClass < 3; rowClass++)
        {
            orderings.SetRow(x, rowClass);
            var walked = orderings.Coalitions();
            var composed = CoalitionValue.Over(data, background).All(x, rowClass, numeric + 1);
            Assert.Equal(composed.Length, walked.Length);
            for (int mask = 0; mask < composed.Length; mask++)
            {
                Assert.True(
                    Math.Abs(walked[mask] - composed[mask]) < 2e-6,
                    $"class {rowClass}, coalition {mask}: {walked[mask]} vs {composed[mask]}"
                );
            }
        }
    }
}
