using Mlp.Cli;
using Mlp.Explain;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Tests.Model;

namespace Mlp.Tests.Explain;

/// <summary>Each importance method against a hand-computed case.</summary>
public class ExplainTests
{
    private static MlpModel Model(
        string task,
        Network<float> network,
        Standardization? input,
        Standardization? target,
        int classes = 0
    )
    {
        int inputs = network.InputCount;
        var schema = new Schema
        {
            Sources = Enumerable
                .Range(1, inputs)
                .Select(i => new SourceFeature($"x{i}", null))
                .ToArray(),
            TargetName = "y",
            Task = TaskNames.Parse(task)!.Value,
            Classes =
                task == "binary"
                    ? ["0", "1"]
                    : Enumerable
                        .Range(0, classes)
                        .Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))
                        .ToArray(),
            ClassesAreNumbers = true,
        };
        return new MlpModel
        {
            Schema = schema,
            Network = network,
            InputScaling = input,
            TargetScaling = target,
            Settings = new TrainingSettings(),
        };
    }

    /// <summary>y = 2·(3 z1 − 2 z2 + 0 z3 + 0.5) + 10 with z = (x − mean)/std: a linear regression model.</summary>
    private static (MlpModel Model, ExplainData Data) Linear()
    {
        var network = Network<float>.Create(3, [], 1, Activation.Identity);
        float[] weights = [3, -2, 0];
        weights.CopyTo(network.Weights(0));
        network.Bias(0)[0] = 0.5f;
        var model = Model(
            "regression",
            network,
            new Standardization([1, -1, 0], [2, 1, 4]),
            new Standardization([10], [2])
        );
        var random = new Random(4);
        var inputs = Enumerable
            .Range(0, 40 * 3)
            .Select(_ => (double)(float)(random.NextDouble() * 6 - 3))
            .ToArray();
        var targets = new float[40];
        for (int r = 0; r < 40; r++)
        {
            double z1 = (inputs[r * 3] - 1) / 2.0,
                z2 = inputs[r * 3 + 1] + 1.0;
            targets[r] = (float)(2 * (3 * z1 - 2 * z2 + 0.5) + 10);
        }
        return (model, new ExplainData(model, inputs, targets));
    }

    [Fact]
    public void Gradient_of_a_linear_model_is_its_weights_in_target_units()
    {
        var (_, data) = Linear();
        var report = new GradientMethod(null).Compute(data);
        Assert.Equal(6.0, report.Features[0].Importance, 9);
        Assert.Equal(4.0, report.Features[1].Importance, 9);
        Assert.Equal(-4.0, report.Features[1].SignedMean!.Value, 9);
        Assert.Equal(0.0, report.Features[2].Importance);
    }

    [Fact]
    public void Integrated_gradients_of_a_linear_model_are_exactly_input_times_weight()
    {
        var (_, data) = Linear();
        var z = data.Standardized();
        var report = new IntegratedGradientsMethod(null, BaselineKind.Mean, 5).Compute(data);
        var inputTimesGradient = new InputTimesGradientMethod(null, BaselineKind.Mean).Compute(
            data
        );
        double expected1 = Enumerable.Range(0, data.Rows).Average(r => Math.Abs(z[r * 3] * 3 * 2));
        double expected2 = Enumerable
            .Range(0, data.Rows)
            .Average(r => Math.Abs(z[r * 3 + 1] * -2 * 2));
        Assert.Equal(expected1, report.Features[0].Importance, 9);
        Assert.Equal(expected2, report.Features[1].Importance, 9);
        Assert.Equal(0.0, report.Features[2].Importance);
        Assert.Equal(expected1, inputTimesGradient.Features[0].Importance, 9);
        // f itself (about 10 in target units) is evaluated in float32: its rounding bounds the gap.
        Assert.True(report.CompletenessGap!.Value.Max < 1e-5);
    }

    [Fact]
    public void Zero_baseline_is_the_raw_zero_in_standardized_units()
    {
        var (_, data) = Linear();
        var z0 = Baseline.Standardized(data, BaselineKind.Zero);
        Assert.Equal([-0.5, 1.0, 0.0], z0);
    }

    [Fact]
    public void Integrated_gradients_are_complete_on_a_nonlinear_network()
    {
        var network = Network<float>.Create(4, [8, 5], 3, Activation.Tanh);
        network.Initialize(new Rng(3), Initialization.He);
        var model = Model("multiclass", network, null, null, classes: 3);
        var random = new Random(8);
        var inputs = Enumerable
            .Range(0, 30 * 4)
            .Select(_ => (double)(float)(random.NextDouble() * 4 - 2))
            .ToArray();
        var data = new ExplainData(model, inputs, new float[30]);
        var report = new IntegratedGradientsMethod(null, BaselineKind.Zero, 50).Compute(data);
        Assert.True(report.CompletenessGap!.Value.Max < 1e-6, $"gap {report.CompletenessGap}");
        Assert.All(report.Features, f => Assert.True(f.Importance > 0));
    }

    [Fact]
    public void Gauss_legendre_integrates_polynomials_up_to_degree_2n_minus_1_exactly()
    {
        foreach (int n in new[] { 1, 2, 5, 50 })
        {
            var (nodes, weights) = GaussLegendre.Rule(n);
            Assert.Equal(1.0, weights.Sum(), 12);
            for (int degree = 0; degree <= 2 * n - 1; degree++)
            {
                double integral = nodes.Select((x, k) => weights[k] * Math.Pow(x, degree)).Sum();
                Assert.Equal(1.0 / (degree + 1), integral, 11);
            }
        }
    }

    /// <summary>
    /// 2-2-1 network: W1 = [[1, −2], [3, 0.5]] (rows are hidden units), v = [2, −1].
    /// Garson by hand: |w·v| = [[2, 4], [3, 0.5]] per hidden unit; unit 1 shares 2/6, 4/6; unit 2 3/3.5, 0.5/3.5.
    /// RI = (1/3 + 6/7, 2/3 + 1/7) / 2 = (0.595238…, 0.404761…).
    /// Olden: W1ᵀ v = (1·2 + 3·(−1), −2·2 + 0.5·(−1)) = (−1, −4.5). First layer: (|1| + |3|, |−2| + |0.5|) = (4, 2.5).
    /// </summary>
    [Fact]
    public void Garson_olden_and_first_layer_match_a_hand_computed_2_2_1_network()
    {
        var network = Network<float>.Create(2, [2], 1, Activation.Tanh);
        float[] w1 = [1, -2, 3, 0.5f];
        w1.CopyTo(network.Weights(0));
        float[] v = [2, -1];
        v.CopyTo(network.Weights(1));
        var model = Model("binary", network, null, null);
        var data = new ExplainData(model, [0, 0], [0]);
        var garson = new GarsonMethod(null).Compute(data);
        Assert.Equal((1.0 / 3 + 6.0 / 7) / 2, garson.Features[0].Importance, 12);
        Assert.Equal((2.0 / 3 + 1.0 / 7) / 2, garson.Features[1].Importance, 12);
        var olden = new OldenMethod(null).Compute(data);
        Assert.Equal(-1.0, olden.Features[0].Importance, 12);
        Assert.Equal(-4.5, olden.Features[1].Importance, 12);
        var firstLayer = new FirstLayerMethod().Compute(data);
        Assert.Equal(4.0, firstLayer.Features[0].Importance, 12);
        Assert.Equal(2.5, firstLayer.Features[1].Importance, 12);
    }

    /// <summary>
    /// 2-2-2 softmax network, W1 as above, W2 = [[2, −1], [0.5, 4]]. Olden per class: class 0 (−1, −4.5);
    /// class 1 W1ᵀ(0.5, 4) = (0.5 + 12, −1 + 2) = (12.5, 1); importance = mean |·| = (6.75, 2.75).
    /// Garson's shares cancel v_j, so both classes get the 2-2-1 values.
    /// </summary>
    [Fact]
    public void Weight_methods_on_a_multiclass_model_give_one_column_per_class()
    {
        var network = Network<float>.Create(2, [2], 2, Activation.Tanh);
        float[] w1 = [1, -2, 3, 0.5f];
        w1.CopyTo(network.Weights(0));
        float[] w2 = [2, -1, 0.5f, 4];
        w2.CopyTo(network.Weights(1));
        var data = new ExplainData(
            Model("multiclass", network, null, null, classes: 2),
            [0, 0],
            [0]
        );
        var olden = new OldenMethod(null).Compute(data);
        Assert.Equal(["0", "1"], olden.ClassNames);
        Assert.Equal([-1.0, 12.5], olden.Features[0].PerClass!.Select(v => Math.Round(v, 10)));
        Assert.Equal([-4.5, 1.0], olden.Features[1].PerClass!.Select(v => Math.Round(v, 10)));
        Assert.Equal(6.75, olden.Features[0].Importance, 10);
        Assert.Equal(2.75, olden.Features[1].Importance, 10);
        var oneClass = new OldenMethod(1).Compute(data);
        Assert.Null(oneClass.ClassNames);
        Assert.Equal(12.5, oneClass.Features[0].Importance, 10);
        var garson = new GarsonMethod(null).Compute(data);
        foreach (double share in garson.Features[0].PerClass!)
        {
            Assert.Equal((1.0 / 3 + 6.0 / 7) / 2, share, 12);
        }
    }

    [Fact]
    public void Garson_refuses_a_deeper_network()
    {
        var network = Network<float>.Create(2, [3, 3], 1, Activation.Relu);
        var data = new ExplainData(Model("binary", network, null, null), [0, 0], [0]);
        var error = Assert.Throws<InvalidSettingException>(() =>
            new GarsonMethod(null).Compute(data)
        );
        Assert.Equal(("Method", "garson"), (error.Setting, error.Value));
        Assert.Contains("one hidden layer", error.Message);
    }

    [Fact]
    public void Permutation_gives_exactly_zero_to_an_ignored_feature_and_repeats_under_a_seed()
    {
        var (_, data) = Linear();
        var first = new PermutationMethod(null, 5, 7).Compute(data);
        var again = new PermutationMethod(null, 5, 7).Compute(data);
        Assert.Equal("r2", first.Metric);
        Assert.True(first.BaselineScore > 0.999999);
        Assert.Equal(0.0, first.Features[2].Importance);
        Assert.Equal(0.0, first.Features[2].Std);
        // Var(3·z1) = 9·(6/2)²/12 = 6.75 < Var(−2·z2) = 4·6²/12 = 12: shuffling x2 costs more R².
        Assert.True(first.Features[1].Importance > first.Features[0].Importance);
        Assert.Equal(
            first.Features.Select(f => f.Importance),
            again.Features.Select(f => f.Importance)
        );
        var mse = new PermutationMethod("mse", 5, 7).Compute(data);
        Assert.True(
            mse.Features[0].Importance > 0,
            "for a loss, larger still means more important"
        );
    }

    [Fact]
    public void Permutation_shuffles_a_group_of_features_together_as_one()
    {
        var (_, data) = Linear();
        var report = new PermutationMethod(
            null,
            4,
            7,
            [
                ["x3", "x1"],
            ]
        ).Compute(data);
        Assert.Equal(["x3+x1", "x2"], report.Features.Select(f => f.Name));
        Assert.True(report.Features[0].Importance > 0);
        Assert.Throws<InvalidSettingException>(() =>
            new PermutationMethod(
                null,
                4,
                7,
                [
                    ["x1", "nope"],
                ]
            ).Compute(data)
        );
        Assert.Throws<InvalidSettingException>(() =>
            new PermutationMethod(
                null,
                4,
                7,
                [
                    ["x1"],
                    ["x1", "x2"],
                ]
            ).Compute(data)
        );
    }

    [Fact]
    public void Gradient_of_a_binary_model_is_p_times_one_minus_p_times_the_weight()
    {
        // Logistic model on one input: f = σ(1.5 z − 0.5); ∂f/∂z = f (1 − f) · 1.5.
        var network = Network<float>.Create(1, [], 1, Activation.Identity);
        network.Weights(0)[0] = 1.5f;
        network.Bias(0)[0] = -0.5f;
        var data = new ExplainData(Model("binary", network, null, null), [0.2f, -1f], [1, 0]);
        var report = new GradientMethod(null).Compute(data);
        double Sigma(double x) => 1 / (1 + Math.Exp(-x));
        double expected = new[] { 0.2, -1.0 }.Average(z =>
            Sigma(1.5 * z - 0.5) * (1 - Sigma(1.5 * z - 0.5)) * 1.5
        );
        Assert.Equal(expected, report.Features[0].Importance, 7);
    }
}

/// <summary>Shapley values against their closed form on linear models, and efficiency on a nonlinear one.</summary>
public class ShapTests
{
    private static MlpModel LinearModel(float[] weights, float bias)
    {
        var network = Network<float>.Create(weights.Length, [], 1, Activation.Identity);
        weights.CopyTo(network.Weights(0));
        network.Bias(0)[0] = bias;
        var schema = new Schema
        {
            Sources = Enumerable
                .Range(1, weights.Length)
                .Select(i => new SourceFeature($"x{i}", null))
                .ToArray(),
            TargetName = "y",
            Task = TaskKind.Regression,
            Classes = [],
            ClassesAreNumbers = true,
        };
        return new MlpModel
        {
            Schema = schema,
            Network = network,
            InputScaling = null,
            TargetScaling = new Standardization([0], [1]),
            Settings = new TrainingSettings(),
        };
    }

    [Theory]
    [InlineData(4)]
    [InlineData(17)] // beyond the exact limit: the sampled estimator, exact for a linear model
    public void Linear_model_shapley_values_are_weight_times_distance_from_the_background_mean(
        int features
    )
    {
        var random = new Random(features);
        var weights = Enumerable
            .Range(0, features)
            .Select(i => i == 1 ? 0f : (float)(random.NextDouble() * 4 - 2))
            .ToArray();
        var model = LinearModel(weights, 0.3f);
        var inputs = Enumerable
            .Range(0, 6 * features)
            .Select(_ => (double)(float)(random.NextDouble() * 2 - 1))
            .ToArray();
        var background = Enumerable
            .Range(0, 9 * features)
            .Select(_ => (double)(float)(random.NextDouble() * 2))
            .ToArray();
        var data = new ExplainData(model, inputs, new float[6]);
        var shap = new ShapMethod(null, background, 3, sampledOrderings: 8);
        var report = shap.Compute(data);
        for (int i = 0; i < features; i++)
        {
            double backgroundMean = Enumerable
                .Range(0, 9)
                .Average(b => (double)background[b * features + i]);
            double expected = Enumerable
                .Range(0, 6)
                .Average(r => Math.Abs(weights[i] * (inputs[r * features + i] - backgroundMean)));
            Assert.Equal(expected, report.Features[i].Importance, 5);
        }
        Assert.Equal(0.0, report.Features[1].Importance);
        Assert.True(shap.EfficiencyGap < 1e-9);
    }

    private static MlpModel TanhModel(int features)
    {
        var network = Network<float>.Create(features, [12], 1, Activation.Tanh);
        network.Initialize(new Rng(9), Initialization.He);
        return TestModels.Unscaled(network, TaskKind.Binary, target: "event");
    }

    [Fact]
    public void Shapley_values_add_up_to_the_output_minus_the_background_mean_on_every_row()
    {
        var model = TanhModel(5);
        var random = new Random(2);
        var inputs = Enumerable
            .Range(0, 20 * 5)
            .Select(_ => (double)(float)(random.NextDouble() * 4 - 2))
            .ToArray();
        var background = Enumerable
            .Range(0, 30 * 5)
            .Select(_ => (double)(float)(random.NextDouble() * 4 - 2))
            .ToArray();
        var shap = new ShapMethod(null, background, 1);
        shap.Compute(new ExplainData(model, inputs, new float[20]));
        Assert.True(shap.EfficiencyGap < 1e-12, $"gap {shap.EfficiencyGap}");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(18)]
    public void Shapley_values_do_not_depend_on_the_thread_count(int features)
    {
        var model = TanhModel(features);
        var random = new Random(5);
        var inputs = Enumerable
            .Range(0, 40 * features)
            .Select(_ => (double)(float)(random.NextDouble() * 4 - 2))
            .ToArray();
        var background = inputs[..(10 * features)];
        var data = new ExplainData(model, inputs, new float[40]);
        int threads = WorkerPool.Threads;
        try
        {
            WorkerPool.Threads = 1;
            var one = new ShapMethod(null, background, 4, sampledOrderings: 6).Compute(data);
            WorkerPool.Threads = 4;
            var several = new ShapMethod(null, background, 4, sampledOrderings: 6).Compute(data);
            Assert.Equal(
                one.Features.Select(f => (f.Importance, f.Std, f.SignedMean)),
                several.Features.Select(f => (f.Importance, f.Std, f.SignedMean))
            );
        }
        finally
        {
            WorkerPool.Threads = threads;
        }
    }

    [Theory]
    [InlineData("lime")]
    [InlineData("pdp")]
    public void Parallel_methods_do_not_depend_on_the_thread_count(string method)
    {
        var model = TanhModel(6);
        var random = new Random(8);
        var inputs = Enumerable
            .Range(0, 30 * 6)
            .Select(_ => (double)(float)(random.NextDouble() * 4 - 2))
            .ToArray();
        var data = new ExplainData(model, inputs, new float[30]);
        var options = new ImportanceOptions
        {
            Samples = 200,
            Grid = 15,
            Seed = 3,
        };
        int threads = WorkerPool.Threads;
        try
        {
            WorkerPool.Threads = 1;
            var one = options.Create(method).Compute(data);
            WorkerPool.Threads = 4;
            var several = options.Create(method).Compute(data);
            Assert.Equal(
                one.Features.Select(f => f.Importance),
                several.Features.Select(f => f.Importance)
            );
            Assert.Contains(one.Features, f => f.Importance > 0);
        }
        finally
        {
            WorkerPool.Threads = threads;
        }
    }
}
