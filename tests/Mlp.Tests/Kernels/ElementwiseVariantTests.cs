using Mlp.Kernels;

namespace Mlp.Tests.Kernels;

/// <summary>Every variant's float element-wise kernels this CPU runs against their scalar references, at every length 0..67.</summary>
public class ElementwiseVariantTests
{
    public static TheoryData<KernelVariant> Variants() => new(KernelSelection.Supported);

    public static TheoryData<KernelVariant, Activation> VariantsAndActivations()
    {
        var data = new TheoryData<KernelVariant, Activation>();
        foreach (var variant in KernelSelection.Supported)
        {
            foreach (var activation in Enum.GetValues<Activation>())
            {
                data.Add(variant, activation);
            }
        }
        return data;
    }

    private static readonly int[] Lengths = Enumerable
        .Range(0, 68)
        .Append(129)
        .Append(1031)
        .ToArray();

    private static float[] Fill(Random random, int length, double scale = 3) =>
        Enumerable
            .Range(0, length)
            .Select(_ => (float)((random.NextDouble() * 2 - 1) * scale))
            .ToArray();

    private static void Close(
        ReadOnlySpan<float> expected,
        ReadOnlySpan<float> actual,
        float relative,
        string what
    )
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float tolerance = relative * Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"{what} at {i}: {actual[i]} vs {expected[i]}"
            );
        }
    }

    [Theory]
    [MemberData(nameof(VariantsAndActivations))]
    public void Activation_forward_and_backward_match_the_scalar_reference(
        KernelVariant variant,
        Activation activation
    )
    {
        var kernels = KernelSelection.For(variant);
        var random = new Random(5);
        foreach (int units in new[] { 1, 3, 8, 9, 16, 31, 32, 33, 70 })
        {
            foreach (int rows in new[] { 0, 1, 7, 40 })
            {
                var z = Fill(random, rows * units);
                var bias = Fill(random, units);
                var expectedZ = (float[])z.Clone();
                var expectedA = new float[z.Length];
                var actualA = new float[z.Length];
                Activations.BiasForwardScalar<float>(expectedZ, bias, expectedA, units, activation);
                kernels.BiasForward(z, bias, actualA, units, activation);
                Close(expectedZ, z, 1e-6f, $"{activation} pre-activation");
                Close(expectedA, actualA, 2e-6f, $"{activation} output");

                var gradient = Fill(random, z.Length);
                var expectedGradient = (float[])gradient.Clone();
                Activations.BackwardScalar<float>(
                    expectedZ,
                    expectedA,
                    expectedGradient,
                    activation
                );
                kernels.ActivationBackward(z, actualA, gradient, activation);
                Close(expectedGradient, gradient, 1e-5f, $"{activation} gradient");
            }
        }
    }

    /// <summary>
    /// Inputs where a vector formula can part from the reference: exponentials that overflow
    /// or underflow (|z| from 9 to 10³⁸), infinities, NaN and signed zeros; each value in
    /// every lane position (the list is repeated past the widest vector, then a scalar tail).
    /// </summary>
    [Theory]
    [MemberData(nameof(VariantsAndActivations))]
    public void Activations_match_the_scalar_reference_at_extreme_inputs(
        KernelVariant variant,
        Activation activation
    )
    {
        float[] extremes =
        [
            -0f,
            0f,
            9f,
            -9f,
            30f,
            -30f,
            44f,
            -44f,
            89f,
            -89f,
            1e4f,
            -1e4f,
            float.MaxValue,
            float.MinValue,
            float.PositiveInfinity,
            float.NegativeInfinity,
            float.NaN,
        ];
        var z = Enumerable.Range(0, 3 * 17 + 5).Select(i => extremes[i % 17]).ToArray();
        var bias = new float[1];
        var expectedZ = (float[])z.Clone();
        var expected = new float[z.Length];
        var actual = new float[z.Length];
        Activations.BiasForwardScalar<float>(expectedZ, bias, expected, 1, activation);
        KernelSelection.For(variant).BiasForward(z, bias, actual, 1, activation);
        SameOrClose(expectedZ, expected, actual, $"{activation} output");

        var expectedGradient = Enumerable.Repeat(1f, z.Length).ToArray();
        var gradient = (float[])expectedGradient.Clone();
        Activations.BackwardScalar<float>(expectedZ, expected, expectedGradient, activation);
        KernelSelection.For(variant).ActivationBackward(z, actual, gradient, activation);
        SameOrClose(expectedZ, expectedGradient, gradient, $"{activation} gradient");
    }

    /// <summary>Both NaN, both the same infinity, or within the tolerance of <see cref="Close"/>: 2e-6 relative, or absolute below 1.</summary>
    private static void SameOrClose(
        ReadOnlySpan<float> inputs,
        ReadOnlySpan<float> expected,
        ReadOnlySpan<float> actual,
        string what
    )
    {
        for (int i = 0; i < expected.Length; i++)
        {
            bool same = float.IsNaN(expected[i])
                ? float.IsNaN(actual[i])
                : expected[i] == actual[i]
                    || Math.Abs(expected[i] - actual[i])
                        <= 2e-6f * Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(same, $"{what} at z = {inputs[i]}: {actual[i]} vs {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Sigmoid_cross_entropy_stays_finite_at_extreme_logits(KernelVariant variant)
    {
        // Two vectors' worth at every width: e^−|x| underflows to 0, and σ must still be 0 or 1.
        float[] logits =
        [
            .. Enumerable.Repeat(new[] { -200f, 200f, -1e30f, 1e30f }, 8).SelectMany(v => v),
        ];
        float[] labels = [.. logits.Select((_, i) => (float)(i / 2 % 2))];
        var gradient = new float[logits.Length];
        float loss = KernelSelection.For(variant).SigmoidCrossEntropy(logits, labels, gradient, 1f);
        // Per four: label 0 at −200 (loss 0, σ 0), 0 at 200 (loss 200, σ 1), 1 at −1e30 (loss 1e30, σ 0), 1 at 1e30 (0, 1).
        Assert.Equal(8 * (200f + 1e30f), loss, 1e24f);
        for (int i = 0; i < logits.Length; i += 4)
        {
            Assert.Equal([0f, 1f, -1f, 0f], gradient[i..(i + 4)]);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Losses_match_the_scalar_reference(KernelVariant variant)
    {
        var kernels = KernelSelection.For(variant);
        var random = new Random(9);
        foreach (int length in Lengths)
        {
            var logits = Fill(random, length, 8);
            var labels = Enumerable.Range(0, length).Select(_ => (float)random.Next(2)).ToArray();
            var expected = new double[length];
            var actual = new float[length];
            double expectedLoss = Losses.SigmoidCrossEntropyScalar<double>(
                logits.Select(v => (double)v).ToArray(),
                labels.Select(v => (double)v).ToArray(),
                expected,
                0.5
            );
            float actualLoss = kernels.SigmoidCrossEntropy(logits, labels, actual, 0.5f);
            Assert.True(
                Math.Abs(expectedLoss - actualLoss) <= 1e-5 * Math.Max(1, expectedLoss),
                $"BCE loss at length {length}"
            );
            Close(expected.Select(v => (float)v).ToArray(), actual, 1e-6f, "BCE gradient");

            var targets = Fill(random, length);
            var mseExpected = new float[length];
            var mseActual = new float[length];
            float mseLossExpected = Losses.SquaredErrorScalar<float>(
                logits,
                targets,
                mseExpected,
                0.25f
            );
            float mseLossActual = kernels.SquaredError(logits, targets, mseActual, 0.25f);
            Assert.True(
                Math.Abs(mseLossExpected - mseLossActual) <= 1e-5f * Math.Max(1, mseLossExpected),
                $"MSE at length {length}"
            );
            Close(mseExpected, mseActual, 1e-6f, "MSE gradient");
        }
        foreach (int classes in new[] { 2, 3, 10, 37 })
        {
            int rows = 9;
            var logits = Fill(random, rows * classes, 10);
            var labels = Enumerable
                .Range(0, rows)
                .Select(_ => (float)random.Next(classes))
                .ToArray();
            var expected = new double[logits.Length];
            var actual = new float[logits.Length];
            double expectedLoss = Losses.SoftmaxCrossEntropyScalar<double>(
                logits.Select(v => (double)v).ToArray(),
                labels.Select(v => (double)v).ToArray(),
                expected,
                classes,
                1.0 / rows
            );
            float actualLoss = kernels.SoftmaxCrossEntropy(
                logits,
                labels,
                actual,
                classes,
                1f / rows
            );
            Assert.True(
                Math.Abs(expectedLoss - actualLoss) <= 1e-5 * Math.Max(1, expectedLoss),
                $"softmax loss with {classes} classes"
            );
            Close(expected.Select(v => (float)v).ToArray(), actual, 1e-6f, "softmax gradient");
        }
    }

    /// <summary>
    /// The class of the regression validation-loss defect: a caller's buffers may be longer than
    /// the rows in hand (a chunk's capacity); a loss must read and write only those rows.
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void Losses_read_and_write_only_the_given_rows_of_longer_buffers(KernelVariant variant)
    {
        var kernels = KernelSelection.For(variant);
        var random = new Random(21);
        const float sentinel = 1e6f;
        foreach (int length in Lengths)
        {
            foreach (int classes in new[] { 1, 3 })
            {
                int values = length * classes;
                var logits = Fill(random, values, 4);
                var labels = Enumerable
                    .Range(0, length)
                    .Select(_ => (float)random.Next(classes == 1 ? 2 : classes))
                    .ToArray();
                var exact = new float[values];
                var longer = Enumerable.Repeat(sentinel, values + 17).ToArray();
                var longerLabels = labels.Concat(Enumerable.Repeat(sentinel, 9)).ToArray();
                (float Exact, float Longer) Both(Func<float[], float[], float[], float> loss) =>
                    (loss(logits, labels, exact), loss(logits, longerLabels, longer));
                var (expected, actual) =
                    classes == 1
                        ? Both((x, y, g) => kernels.SigmoidCrossEntropy(x, y, g, 0.5f))
                        : Both((x, y, g) => kernels.SoftmaxCrossEntropy(x, y, g, classes, 0.5f));
                Assert.Equal(expected, actual);
                Assert.Equal(exact, longer[..values]);
                Assert.All(longer[values..], v => Assert.Equal(sentinel, v));
                if (classes == 1)
                {
                    var targets = Fill(random, length);
                    var longerTargets = targets.Concat(Enumerable.Repeat(sentinel, 5)).ToArray();
                    Array.Fill(longer, sentinel);
                    float squared = kernels.SquaredError(logits, targets, exact, 0.5f);
                    float squaredLonger = kernels.SquaredError(logits, longerTargets, longer, 0.5f);
                    Assert.Equal(squared, squaredLonger);
                    Assert.Equal(exact, longer[..values]);
                    Assert.All(longer[values..], v => Assert.Equal(sentinel, v));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Optimizer_steps_match_the_scalar_reference(KernelVariant variant)
    {
        var kernels = KernelSelection.For(variant);
        var random = new Random(13);
        foreach (int length in Lengths)
        {
            var parameters = Fill(random, length);
            var gradients = Fill(random, length);
            var first = Fill(random, length, 0.1);
            var second = Fill(random, length, 0.1).Select(Math.Abs).ToArray();
            var settings = new AdamSettings<float>(0.01f, 0.9f, 0.999f, 1e-8f, 0.01f, 0.02f);
            var (p1, m1, v1) = (
                (float[])parameters.Clone(),
                (float[])first.Clone(),
                (float[])second.Clone()
            );
            var (p2, m2, v2) = (
                (float[])parameters.Clone(),
                (float[])first.Clone(),
                (float[])second.Clone()
            );
            Optimizers.AdamScalar<float>(p1, gradients, m1, v1, settings, 7);
            kernels.Adam(p2, gradients, m2, v2, settings, 7);
            Close(p1, p2, 1e-6f, "adam weights");
            Close(m1, m2, 1e-6f, "adam first moment");
            Close(v1, v2, 1e-6f, "adam second moment");

            var sgdExpected = (float[])parameters.Clone();
            var sgdActual = (float[])parameters.Clone();
            Optimizers.SgdScalar<float>(sgdExpected, gradients, 0.1f, 0.01f);
            kernels.Sgd(sgdActual, gradients, 0.1f, 0.01f);
            Close(sgdExpected, sgdActual, 1e-6f, "sgd");

            var (w1, velocity1) = ((float[])parameters.Clone(), (float[])first.Clone());
            var (w2, velocity2) = ((float[])parameters.Clone(), (float[])first.Clone());
            Optimizers.MomentumScalar<float>(w1, gradients, velocity1, 0.1f, 0.9f, 0.01f);
            kernels.Momentum(w2, gradients, velocity2, 0.1f, 0.9f, 0.01f);
            Close(w1, w2, 1e-6f, "momentum weights");
            Close(velocity1, velocity2, 1e-6f, "momentum velocity");
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Column_sums_match_a_double_sum(KernelVariant variant)
    {
        var kernels = KernelSelection.For(variant);
        var random = new Random(2);
        foreach (int columns in new[] { 1, 2, 5, 7, 8, 10, 15, 16, 17, 31, 32, 67, 200 })
        {
            foreach (int rows in new[] { 0, 1, 2, 5, 17, 64, 1000 })
            {
                var matrix = Fill(random, rows * columns);
                var sums = new float[columns];
                kernels.AddColumnSums(matrix, rows, columns, sums);
                for (int j = 0; j < columns; j++)
                {
                    double expected = Enumerable
                        .Range(0, rows)
                        .Sum(r => (double)matrix[r * columns + j]);
                    float inOrder = 0;
                    for (int r = 0; r < rows; r++)
                    {
                        inOrder += matrix[r * columns + j];
                    }
                    Assert.Equal(inOrder, sums[j]); // rows added in increasing order, as the scalar loop does
                    Assert.True(
                        Math.Abs(expected - sums[j])
                            <= 1e-6 * rows * Math.Max(1, Math.Abs(expected)),
                        $"{rows}×{columns} column {j}"
                    );
                }
            }
        }
    }
}
