using Mlp.Explain;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Tests.Model;

namespace Mlp.Tests.Explain;

/// <summary>Partial dependence, its grid and the H-statistic against hand-computed cases.</summary>
public class DependenceTests
{
    /// <summary>
    /// scipy's mquantiles (α = β = 0.4) of 1 … 10, by the published formula: m = 0.4 + 0.2p,
    /// position np + m; p = 0.25 → 2.95 (between the 2nd and 3rd values: 2 + 0.95), p = 0.5 →
    /// 5.5, p = 0.05 → 0.91 (clipped to the first value), p = 0.95 → 10.09 (clipped to the last).
    /// </summary>
    [Theory]
    [InlineData(0.25, 2.95)]
    [InlineData(0.5, 5.5)]
    [InlineData(0.05, 1)]
    [InlineData(0.95, 10)]
    public void Grid_ends_are_scipy_mquantiles_with_plotting_positions_0_4(
        double p,
        double expected
    )
    {
        double[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.Equal(expected, PdpAxis.MQuantile(sorted, p), 12);
    }

    /// <summary>A model of one numeric input x and one categorical c ∈ {a, b, c}, inputs standardized.</summary>
    private static (MlpModel Model, ExplainData Data) MixedLinear(int rows = 150)
    {
        var network = Network<float>.Create(4, [], 1, Activation.Identity);
        float[] weights = [2, 1, 0, -1]; // x, c=a, c=b, c=c
        weights.CopyTo(network.Weights(0));
        network.Bias(0)[0] = 0.25f;
        var model = new MlpModel
        {
            Schema = new Schema
            {
                Sources = [new SourceFeature("x", null), new SourceFeature("c", ["a", "b", "c"])],
                TargetName = "y",
                Task = TaskKind.Regression,
                Classes = [],
                ClassesAreNumbers = false,
            },
            Network = network,
            InputScaling = new Standardization([1, 0.3, 0.3, 0.4], [2, 0.5, 0.5, 0.5]),
            TargetScaling = null,
            Settings = new TrainingSettings(),
        };
        var random = new Random(3);
        var inputs = new double[rows * 4];
        for (int r = 0; r < rows; r++)
        {
            inputs[r * 4] = Math.Round(random.NextDouble() * 10 - 4, 3);
            inputs[r * 4 + 1 + random.Next(3)] = 1;
        }
        return (model, new ExplainData(model, inputs, new float[rows]));
    }

    /// <summary>f = 2·(x − 1)/2 + [c=a]·(1 − 0.3)/0.5 … computed in double from the weights above.</summary>
    private static double F(double x, int category)
    {
        double[] mean = [1, 0.3, 0.3, 0.4],
            std = [2, 0.5, 0.5, 0.5],
            w = [2, 1, 0, -1];
        double f = 0.25 + w[0] * (x - mean[0]) / std[0];
        for (int k = 0; k < 3; k++)
        {
            f += w[k + 1] * ((k == category ? 1 : 0) - mean[k + 1]) / std[k + 1];
        }
        return f;
    }

    private static int Category(ExplainData data, int row) =>
        Enumerable.Range(0, 3).First(k => data.Inputs[row * 4 + 1 + k] == 1);

    [Fact]
    public void Partial_dependence_of_a_numeric_feature_is_the_mean_of_f_with_the_feature_set()
    {
        var (_, data) = MixedLinear();
        var axis = PdpAxis.For(data, 0, 20, 0.05, 0.95);
        Assert.Equal(20, axis.Count);
        var result = PartialDependence.Compute(data, [axis], null, keepIndividual: true);
        for (int p = 0; p < axis.Count; p++)
        {
            double expected = Enumerable
                .Range(0, data.Rows)
                .Average(r => F(axis.Values[p], Category(data, r)));
            Assert.Equal(expected, result.Average[p], 1e-5);
            for (int r = 0; r < data.Rows; r += 37)
            {
                Assert.Equal(F(axis.Values[p], Category(data, r)), result.Individual![r, p], 1e-5);
            }
        }
        var sorted = Enumerable
            .Range(0, data.Rows)
            .Select(r => data.Inputs[r * 4])
            .Order()
            .ToArray();
        Assert.Equal(PdpAxis.MQuantile(sorted, 0.05), axis.Values[0]);
        Assert.Equal(PdpAxis.MQuantile(sorted, 0.95), axis.Values[^1]);
    }

    /// <summary>
    /// On random row counts (below and above the rows that take one grid point per forward
    /// pass) and grids, the curve is the independent mean of f, and shards of the grid's batches,
    /// each computing its share and a merge taking all of them, give the whole run's values bit
    /// for bit.
    /// </summary>
    [Fact]
    public void Sharded_partial_dependence_is_the_whole_run_on_random_shapes()
    {
        var random = new Random(20261207);
        for (int trial = 0; trial < 12; trial++)
        {
            int rows = trial % 3 == 0 ? random.Next(4096, 9000) : random.Next(1, 4096);
            var (_, data) = MixedLinear(rows);
            var axis = PdpAxis.For(data, 0, random.Next(2, 60), 0.05, 0.95);
            var whole = PartialDependence.Compute(data, [axis], null, keepIndividual: true);
            for (int p = 0; p < axis.Count; p += 7)
            {
                double expected = Enumerable
                    .Range(0, rows)
                    .Average(r => F(axis.Values[p], Category(data, r)));
                Assert.Equal(expected, whole.Average[p], 1e-5);
            }
            int shards = random.Next(1, 8);
            var values = new Dictionary<int, double[]>();
            for (int k = 0; k < shards; k++)
            {
                PartialDependence.Compute(
                    data,
                    [axis],
                    null,
                    keepIndividual: true,
                    parts: new PartWork
                    {
                        Index = k,
                        Count = shards,
                        Done = (part, v) => values.Add(part, v),
                    }
                );
            }
            var merged = PartialDependence.Compute(
                data,
                [axis],
                null,
                keepIndividual: true,
                parts: new PartWork { Given = part => values[part] }
            );
            Assert.Equal(whole.Average, merged.Average);
            Assert.Equal(whole.Individual, merged.Individual);
        }
    }

    [Fact]
    public void Partial_dependence_of_a_categorical_feature_runs_over_its_categories()
    {
        var (_, data) = MixedLinear();
        var axis = PdpAxis.For(data, 1, 100, 0.05, 0.95);
        Assert.Equal(["a", "b", "c"], Enumerable.Range(0, axis.Count).Select(p => axis.Label(p)));
        var result = PartialDependence.Compute(data, [axis], null, keepIndividual: false);
        Assert.Null(result.Individual);
        for (int k = 0; k < 3; k++)
        {
            double expected = Enumerable.Range(0, data.Rows).Average(r => F(data.Inputs[r * 4], k));
            Assert.Equal(expected, result.Average[k], 1e-5);
        }
        // a − c = w_a/std_a − w_c/std_c − (0 − 0) = 1/0.5 + 1/0.5 = 4 between the extremes.
        Assert.Equal(4, result.Average[0] - result.Average[2], 1e-5);
        Assert.Equal(1.0, PdpMethod.Flatness(result.Average, categorical: true), 1e-5);
    }

    [Fact]
    public void Two_way_grid_is_the_first_axis_outer_and_centering_starts_every_curve_at_zero()
    {
        var (_, data) = MixedLinear();
        var axes = new[] { PdpAxis.For(data, 0, 5, 0.1, 0.9), PdpAxis.For(data, 1, 5, 0.1, 0.9) };
        var result = PartialDependence.Compute(data, axes, null, keepIndividual: true);
        Assert.Equal(15, result.Points);
        for (int i = 0; i < 5; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(F(axes[0].Values[i], k), result.Average[i * 3 + k], 1e-5);
            }
        }
        var centered = PartialDependence.Centered(result);
        Assert.Equal(0, centered.Average[0]);
        Assert.Equal(result.Average[7] - result.Average[0], centered.Average[7], 12);
        Assert.Equal(0, centered.Individual![11, 0]);
    }

    [Fact]
    public void A_column_with_fewer_distinct_values_than_the_grid_is_its_values()
    {
        var network = Network<float>.Create(1, [], 1, Activation.Identity);
        var model = TestModels.Unscaled(network, TaskKind.Regression);
        var data = new ExplainData(model, [3, 1, 2, 3, 1, 7], new float[6]);
        Assert.Equal([1, 2, 3, 7], PdpAxis.For(data, 0, 4 + 1, 0.05, 0.95).Values);
        // As many distinct values as the resolution: the percentile grid instead.
        Assert.Equal(4, PdpAxis.For(data, 0, 4, 0.05, 0.95).Count);
    }

    [Fact]
    public void Pdp_importance_is_the_sample_standard_deviation_of_the_curve()
    {
        Assert.Equal(1.0, PdpMethod.Flatness([1, 2, 3], categorical: false), 12);
        Assert.Equal(Math.Sqrt(12.5), PdpMethod.Flatness([0, 5], false), 12);
        Assert.Equal(0, PdpMethod.Flatness([4], false));
    }

    /// <summary>f = relu(x1 + x2) − 2·relu(x3 − 0.2) + 0.1: x1 and x2 interact, x3 adds on.</summary>
    private static ExplainData Interacting(int rows)
    {
        var network = Network<float>.Create(3, [2], 1, Activation.Relu);
        float[] first = [1, 1, 0, 0, 0, 1];
        first.CopyTo(network.Weights(0));
        network.Bias(0)[1] = -0.2f;
        float[] second = [1, -2];
        second.CopyTo(network.Weights(1));
        network.Bias(1)[0] = 0.1f;
        var model = TestModels.Unscaled(network, TaskKind.Regression);
        var random = new Random(8);
        var inputs = Enumerable
            .Range(0, rows * 3)
            .Select(_ => (double)(float)(random.NextDouble() * 2 - 1))
            .ToArray();
        return new ExplainData(model, inputs, new float[rows]);
    }

    private static double InteractingF(double x1, double x2, double x3) =>
        Math.Max(0, x1 + x2) - 2 * Math.Max(0, x3 - 0.2) + 0.1;

    /// <summary>Friedman and Popescu's H² of a pair straight from the definition, in double.</summary>
    private static double IndependentPairH2(ExplainData data, int j, int k)
    {
        int n = data.Rows;
        double X(int row, int feature) => data.Inputs[row * 3 + feature];
        double FWith(int row, (int Feature, double Value)[] set)
        {
            var x = new[] { X(row, 0), X(row, 1), X(row, 2) };
            foreach (var (feature, value) in set)
            {
                x[feature] = value;
            }
            return InteractingF(x[0], x[1], x[2]);
        }
        double[] Pd(Func<int, (int, double)[]> set)
        {
            var pd = Enumerable
                .Range(0, n)
                .Select(i => Enumerable.Range(0, n).Average(r => FWith(r, set(i))))
                .ToArray();
            double mean = pd.Average();
            return [.. pd.Select(v => v - mean)];
        }
        var pj = Pd(i => [(j, X(i, j))]);
        var pk = Pd(i => [(k, X(i, k))]);
        var pjk = Pd(i => [(j, X(i, j)), (k, X(i, k))]);
        double top = Enumerable.Range(0, n).Sum(i => Math.Pow(pjk[i] - pj[i] - pk[i], 2));
        double bottom = Enumerable.Range(0, n).Sum(i => pjk[i] * pjk[i]);
        return top / bottom;
    }

    [Fact]
    public void H_statistic_equals_the_definition_and_is_zero_for_an_additive_feature()
    {
        var data = Interacting(40);
        var report = HStatistic.Compute(data, null);
        Assert.Equal(IndependentPairH2(data, 0, 1), report.Pairs[0, 1], 4);
        Assert.True(report.Pairs[0, 1] > 0.05, $"H²(x1, x2) = {report.Pairs[0, 1]}");
        Assert.True(report.Pairs[0, 2] < 1e-8, $"H²(x1, x3) = {report.Pairs[0, 2]}");
        Assert.True(report.Pairs[1, 2] < 1e-8, $"H²(x2, x3) = {report.Pairs[1, 2]}");
        Assert.True(report.Overall[2] < 1e-8, $"H²(x3) = {report.Overall[2]}");
        Assert.True(report.Overall[0] > 0.01);
        Assert.Equal(report.Pairs[0, 1], report.Pairs[1, 0]);
        Assert.Equal((0, 1), report.Ranked().Select(p => (p.A, p.B)).First());
    }

    /// <summary>
    /// pdp importance from the rows' first-layer products against curves from composing each
    /// grid point's rows and running the whole model: a multiclass tanh model with a one-hot
    /// feature and scaled inputs, explaining each row's predicted class and one fixed class.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData(2)]
    public void Pdp_importance_from_first_layer_products_matches_composed_curves(int? classIndex)
    {
        var network = Network<float>.Create(6, [8, 5], 3, Activation.Tanh);
        network.Initialize(new Mlp.Rng(21), Initialization.PyTorch);
        var model = new MlpModel
        {
            Schema = new Schema
            {
                Sources =
                [
                    new SourceFeature("x1", null),
                    new SourceFeature("x2", null),
                    new SourceFeature("colour", ["red", "green", "blue"]),
                    new SourceFeature("x3", null),
                ],
                TargetName = "y",
                Task = TaskKind.Multiclass,
                Classes = ["a", "b", "c"],
                ClassesAreNumbers = false,
            },
            Network = network,
            InputScaling = new Standardization([1, -2, 0, 0, 0, 3], [2, 0.5, 1, 1, 1, 4]),
            TargetScaling = null,
            Settings = new TrainingSettings(),
        };
        var random = new Random(3);
        var inputs = new List<double>();
        for (int r = 0; r < 50; r++)
        {
            int colour = random.Next(3);
            inputs.AddRange([
                random.NextDouble() * 6 - 2,
                random.NextDouble() - 2.5,
                colour == 0 ? 1 : 0,
                colour == 1 ? 1 : 0,
                colour == 2 ? 1 : 0,
                random.NextDouble() * 20,
            ]);
        }
        var data = new ExplainData(model, [.. inputs], new float[50]);
        var report = new PdpMethod(classIndex, 20).Compute(data);
        for (int source = 0; source < 4; source++)
        {
            var axis = PdpAxis.For(data, source, 20, 0.05, 0.95);
            var curve = PartialDependence
                .Compute(data, [axis], classIndex, keepIndividual: false)
                .Average;
            Assert.Equal(
                PdpMethod.Flatness(curve, axis.IsCategorical),
                report.Features[source].Importance,
                1e-6
            );
        }
    }

    [Fact]
    public void H_statistic_among_some_features_is_the_full_matrix_cut_to_them()
    {
        var data = Interacting(40);
        var full = HStatistic.Compute(data, null);
        var some = HStatistic.Compute(data, null, [0, 2]);
        Assert.Equal(["x1", "x3"], some.Features);
        Assert.Equal([full.Overall[0], full.Overall[2]], some.Overall);
        Assert.Equal(full.Pairs[0, 2], some.Pairs[0, 1]);
        Assert.Equal(full.PairSizes![2, 0], some.PairSizes![1, 0]);
        Assert.Equal(2, some.Pairs.GetLength(0));
    }

    [Fact]
    public void H_statistic_of_a_linear_model_is_zero_everywhere()
    {
        var network = Network<float>.Create(3, [], 1, Activation.Identity);
        float[] weights = [1.5f, -2, 0.5f];
        weights.CopyTo(network.Weights(0));
        var model = TestModels.Unscaled(network, TaskKind.Regression);
        var random = new Random(1);
        var inputs = Enumerable.Range(0, 60).Select(_ => random.NextDouble()).ToArray();
        var report = HStatistic.Compute(new ExplainData(model, inputs, new float[20]), null);
        Assert.All(report.Overall, h => Assert.True(h < 1e-8, $"{h}"));
        Assert.All(report.Ranked(), p => Assert.True(p.Value < 1e-8, $"{p}"));
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        var network = Network<float>.Create(3, [16], 1, Activation.Tanh);
        network.Initialize(new Mlp.Rng(4), Initialization.He);
        var model = TestModels.Unscaled(network, TaskKind.Binary);
        var random = new Random(5);
        var inputs = Enumerable.Range(0, 300).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var data = new ExplainData(model, inputs, new float[100]);
        (double[] Pd, double[,] H, double[] Lime) Run()
        {
            var pd = PartialDependence.Compute(
                data,
                [PdpAxis.For(data, 0, 30, 0.05, 0.95)],
                null,
                true
            );
            var h = HStatistic.Compute(data, null);
            var lime = new LimeMethod(null, 200, 7).Compute(data);
            return (pd.Average, h.Pairs, [.. lime.Features.Select(f => f.Importance)]);
        }
        int threads = WorkerPool.Threads;
        try
        {
            WorkerPool.Threads = 1;
            var one = Run();
            WorkerPool.Threads = Math.Max(2, Environment.ProcessorCount);
            var many = Run();
            Assert.Equal(one.Pd, many.Pd);
            Assert.Equal(one.H, many.H);
            Assert.Equal(one.Lime, many.Lime);
        }
        finally
        {
            WorkerPool.Threads = threads;
        }
    }
}
