using Mlp.Kernels;

namespace Mlp.Tests.Kernels;

/// <summary>The feature-major layer products: hand-computed cases, and every SIMD variant against the scalar reference.</summary>
public class FeatureMajorTests
{
    // Two features × three rows, feature-major: x0 = (1, 2, 3), x1 = (4, 5, 6).
    private static readonly double[] Input = [1, 2, 3, 4, 5, 6];

    [Fact]
    public void Combine_adds_the_bias_to_the_weighted_features()
    {
        double[] weights = [1, 2, 3, 4]; // (2 outputs, 2 inputs)
        var output = new double[6];
        FeatureMajor.Combine<double>(weights, false, [10, 20], Input, output, 2, 2, 3);
        // 10 + 1·x0 + 2·x1 and 20 + 3·x0 + 4·x1, row by row.
        Assert.Equal([19, 22, 25, 39, 46, 53], output);
    }

    [Fact]
    public void Combine_writes_the_rectified_sums_beside_the_sums()
    {
        double[] weights = [1, -2, -3, 4];
        var output = new double[6];
        var activated = new double[6];
        FeatureMajor.Combine<double>(
            weights,
            false,
            [0, 0],
            Input,
            output,
            2,
            2,
            3,
            Activation.Relu,
            activated
        );
        // 1·x0 − 2·x1 = (−7, −8, −9) and −3·x0 + 4·x1 = (13, 14, 15).
        Assert.Equal([-7, -8, -9, 13, 14, 15], output);
        Assert.Equal([0, 0, 0, 13, 14, 15], activated);
        FeatureMajor.Combine<double>(
            weights,
            false,
            [0, 0],
            Input,
            output,
            2,
            2,
            3,
            Activation.LeakyRelu,
            activated
        );
        Assert.Equal(
            [-0.07, -0.08, -0.09, 13, 14, 15],
            activated,
            (a, b) => Math.Abs(a - b) < 1e-15
        );
    }

    [Fact]
    public void Combine_refuses_to_fuse_a_smooth_activation()
    {
        var output = new double[6];
        Assert.Throws<ArgumentException>(() =>
            FeatureMajor.Combine<double>(
                [1, 2, 3, 4],
                false,
                [],
                Input,
                output,
                2,
                2,
                3,
                Activation.Tanh,
                new double[6]
            )
        );
    }

    [Fact]
    public void Transposed_combine_takes_the_weights_by_column()
    {
        double[] weights = [1, 2, 3, 4];
        var output = new double[6];
        FeatureMajor.Combine<double>(weights, true, [], Input, output, 2, 2, 3);
        // Wᵀ = [[1, 3], [2, 4]]: 1·x0 + 3·x1 and 2·x0 + 4·x1.
        Assert.Equal([13, 17, 21, 18, 24, 30], output);
    }

    [Fact]
    public void Gated_combine_takes_the_sums_through_the_kink_of_the_layer_below()
    {
        double[] weights = [1, 2, 3, 4];
        double[] preActivation = [-1, 0, 2, 5, -3, 1]; // 0 is on the flat side, as PyTorch's ReLU′(0) = 0
        var output = new double[6];
        FeatureMajor.Combine<double>(
            weights,
            true,
            [],
            Input,
            output,
            2,
            2,
            3,
            Activation.Relu,
            gate: preActivation
        );
        // The transposed sums (13, 17, 21, 18, 24, 30) where z > 0, else 0.
        Assert.Equal([0, 0, 21, 18, 0, 30], output);
        FeatureMajor.Combine<double>(
            weights,
            true,
            [],
            Input,
            output,
            2,
            2,
            3,
            Activation.LeakyRelu,
            gate: preActivation
        );
        Assert.Equal([0.13, 0.17, 21, 18, 0.24, 30], output, (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Fact]
    public void Combine_gates_only_by_a_kink_and_never_while_activating()
    {
        var output = new double[6];
        Assert.Throws<ArgumentException>(() =>
            FeatureMajor.Combine<double>(
                [1, 2, 3, 4],
                true,
                [],
                Input,
                output,
                2,
                2,
                3,
                Activation.Tanh,
                gate: new double[6]
            )
        );
        Assert.Throws<ArgumentException>(() =>
            FeatureMajor.Combine<double>(
                [1, 2, 3, 4],
                true,
                [],
                Input,
                output,
                2,
                2,
                3,
                Activation.Relu,
                new double[6],
                new double[6]
            )
        );
    }

    [Fact]
    public void Weight_gradient_sums_delta_times_input_over_the_rows()
    {
        double[] delta = [1, 0, 2, 0, 1, 1]; // (2 outputs, 3 rows)
        var weights = new double[4];
        var bias = new double[2];
        FeatureMajor.WeightGradient<double>(delta, Input, weights, bias, 2, 2, 3);
        // (1·1 + 0·2 + 2·3, 1·4 + 0·5 + 2·6, 0·1 + 1·2 + 1·3, 0·4 + 1·5 + 1·6)
        Assert.Equal([7, 16, 5, 11], weights);
        Assert.Equal([3, 2], bias);
    }

    public static TheoryData<KernelVariant> Variants()
    {
        var data = new TheoryData<KernelVariant>();
        foreach (var variant in KernelSelection.Supported)
        {
            data.Add(variant);
        }
        return data;
    }

    /// <summary>Row counts around every vector and block boundary, outputs and inputs around the kernels' tiles.</summary>
    private static IEnumerable<(int M, int K, int Rows)> Shapes()
    {
        foreach (
            int rows in new[] { 0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 517 }
        )
        {
            foreach (
                var (m, k) in new[] { (1, 1), (1, 10), (2, 3), (3, 5), (10, 5), (7, 13), (32, 32) }
            )
            {
                yield return (m, k, rows);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Combine_variant_matches_the_scalar_reference(KernelVariant variant)
    {
        var random = new Random(11);
        foreach (var (m, k, rows) in Shapes())
        {
            foreach (bool transposed in new[] { false, true })
            {
                foreach (bool withBias in new[] { false, true })
                {
                    var coefficients = Fill(random, m * k);
                    var bias = withBias ? Fill(random, m) : [];
                    var input = Fill(random, k * rows);
                    var actual = new float[m * rows];
                    var activation = Fused[(m + k + rows) % Fused.Length];
                    var activated = new float[m * rows];
                    KernelSelection
                        .For(variant)
                        .FeatureMajorCombine(
                            coefficients,
                            transposed,
                            bias,
                            input,
                            actual,
                            m,
                            k,
                            rows,
                            activation,
                            activated,
                            default
                        );
                    for (int i = 0; i < actual.Length; i++)
                    {
                        Assert.Equal(Activations.Apply(actual[i], activation), activated[i]);
                    }
                    var expected = new double[m * rows];
                    var magnitude = new double[m * rows];
                    FeatureMajor.CombineScalar<double>(
                        Wide(coefficients),
                        transposed,
                        Wide(bias),
                        Wide(input),
                        expected,
                        m,
                        k,
                        rows
                    );
                    FeatureMajor.CombineScalar<double>(
                        Wide(coefficients, abs: true),
                        transposed,
                        Wide(bias, abs: true),
                        Wide(input, abs: true),
                        magnitude,
                        m,
                        k,
                        rows
                    );
                    AssertWithinRounding(
                        actual,
                        expected,
                        magnitude,
                        $"{variant} {m}×{k}×{rows} transposed={transposed} bias={withBias} at"
                    );
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Weight_gradient_variant_matches_the_scalar_reference(KernelVariant variant)
    {
        var random = new Random(12);
        foreach (var (m, k, rows) in Shapes())
        {
            var delta = Fill(random, m * rows);
            var input = Fill(random, k * rows);
            var weights = Fill(random, m * k); // overwritten
            var bias = Fill(random, m);
            KernelSelection
                .For(variant)
                .FeatureMajorWeightGradient(delta, input, weights, bias, m, k, rows);
            var expectedWeights = new double[m * k];
            var expectedBias = new double[m];
            FeatureMajor.WeightGradientScalar<double>(
                Wide(delta),
                Wide(input),
                expectedWeights,
                expectedBias,
                m,
                k,
                rows
            );
            var magnitudeWeights = new double[m * k];
            var magnitudeBias = new double[m];
            FeatureMajor.WeightGradientScalar<double>(
                Wide(delta, abs: true),
                Wide(input, abs: true),
                magnitudeWeights,
                magnitudeBias,
                m,
                k,
                rows
            );
            AssertWithinRounding(
                weights,
                expectedWeights,
                magnitudeWeights,
                $"{variant} {m}×{k}×{rows} weight"
            );
            AssertWithinRounding(
                bias,
                expectedBias,
                magnitudeBias,
                $"{variant} {m}×{k}×{rows} bias"
            );
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Gated_combine_variant_is_the_plain_sum_times_the_derivative(KernelVariant variant)
    {
        // The plain sums are checked against the scalar reference above; gating must change
        // nothing but the one multiply, so the two agree exactly.
        var random = new Random(13);
        var kernels = KernelSelection.For(variant);
        foreach (var (m, k, rows) in Shapes())
        {
            foreach (bool transposed in new[] { false, true })
            {
                var activation = (m + k + rows) % 2 == 0 ? Activation.Relu : Activation.LeakyRelu;
                var coefficients = Fill(random, m * k);
                var input = Fill(random, k * rows);
                var gate = Fill(random, m * rows);
                if (gate.Length > 0)
                {
                    gate[0] = 0f; // the kink itself: the flat side
                }
                var plain = new float[m * rows];
                var gated = new float[m * rows];
                kernels.FeatureMajorCombine(
                    coefficients,
                    transposed,
                    [],
                    input,
                    plain,
                    m,
                    k,
                    rows,
                    activation,
                    default,
                    default
                );
                kernels.FeatureMajorCombine(
                    coefficients,
                    transposed,
                    [],
                    input,
                    gated,
                    m,
                    k,
                    rows,
                    activation,
                    default,
                    gate
                );
                for (int i = 0; i < plain.Length; i++)
                {
                    float slope =
                        activation == Activation.Relu ? 0f : (float)Activations.LeakySlope;
                    float expected = plain[i] * (gate[i] > 0 ? 1f : slope);
                    Assert.True(
                        expected.Equals(gated[i]),
                        $"{variant} {m}×{k}×{rows} transposed={transposed} {activation} at {i}: {gated[i]} vs {expected}"
                    );
                }
            }
        }
    }

    private static readonly Activation[] Fused =
    [
        Activation.Identity,
        Activation.Relu,
        Activation.LeakyRelu,
    ];

    /// <summary>
    /// Each float result within float rounding of its double reference: 1e-6 of the sum of the
    /// terms' magnitudes (what the order of a float sum can move it by).
    /// </summary>
    private static void AssertWithinRounding(
        float[] actual,
        double[] expected,
        double[] magnitude,
        string what
    )
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(actual[i] - expected[i]) <= 1e-6 * magnitude[i] + 1e-30,
                $"{what} {i}: {actual[i]} vs {expected[i]}"
            );
        }
    }

    private static float[] Fill(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    private static double[] Wide(float[] values, bool abs = false) =>
        values.Select(v => abs ? Math.Abs((double)v) : v).ToArray();
}
