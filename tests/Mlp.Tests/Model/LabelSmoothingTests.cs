using Mlp.Model;

namespace Mlp.Tests.Model;

/// <summary>
/// The smoothed cross-entropy (<see cref="LossFunction.Compute"/> with ε) against its
/// definition, −Σ q log p with q = (1 − ε) one-hot + ε / K, written out here in double; its
/// gradient against finite differences of that definition; and by hand on one row.
/// </summary>
public class LabelSmoothingTests
{
    /// <summary>−Σ_j q_j log softmax(z)_j for one row: the definition.</summary>
    private static double DefinitionRow(double[] z, int label, double epsilon)
    {
        double max = z.Max();
        double logSum = Math.Log(z.Sum(v => Math.Exp(v - max))) + max;
        double loss = 0;
        for (int j = 0; j < z.Length; j++)
        {
            double q = (j == label ? 1 - epsilon : 0) + epsilon / z.Length;
            loss -= q * (z[j] - logSum);
        }
        return loss;
    }

    /// <summary>−(y' log σ(x) + (1 − y') log(1 − σ(x))) with y' = y(1 − ε) + ε / 2.</summary>
    private static double DefinitionBinary(double x, double y, double epsilon)
    {
        double smoothed = y * (1 - epsilon) + epsilon / 2;
        double logSigmoid = -Math.Log(1 + Math.Exp(-x));
        double logOneMinus = -Math.Log(1 + Math.Exp(x));
        return -(smoothed * logSigmoid + (1 - smoothed) * logOneMinus);
    }

    [Fact]
    public void One_row_by_hand()
    {
        // z = [0, ln 2, ln 5], label 1, ε = 0.3: p = [1/8, 2/8, 5/8], q = [0.1, 0.8, 0.1].
        // loss = −(0.1 ln 1/8 + 0.8 ln 2/8 + 0.1 ln 5/8) = 0.1 ln 8 + 0.8 ln 4 + 0.1 ln 1.6;
        // gradient p − q = [0.025, −0.55, 0.525].
        double[] z = [0, Math.Log(2), Math.Log(5)];
        var gradient = new double[3];
        double loss = LossFunction.Compute<double>(
            TaskKind.Multiclass,
            z,
            [1.0],
            gradient,
            3,
            1,
            0.3f
        );
        double epsilon = (double)0.3f;
        double q0 = epsilon / 3,
            q1 = 1 - epsilon + epsilon / 3;
        double expected = -(
            q0 * Math.Log(1 / 8.0) + q1 * Math.Log(2 / 8.0) + q0 * Math.Log(5 / 8.0)
        );
        Assert.Equal(expected, loss, 12);
        Assert.Equal(1 / 8.0 - q0, gradient[0], 12);
        Assert.Equal(2 / 8.0 - q1, gradient[1], 12);
        Assert.Equal(5 / 8.0 - q0, gradient[2], 12);
    }

    [Theory]
    [InlineData(2, 0.1f)]
    [InlineData(3, 0.1f)]
    [InlineData(7, 0.25f)]
    [InlineData(10, 0.9f)]
    public void Multiclass_matches_the_definition_and_its_finite_differences(
        int classes,
        float epsilon
    )
    {
        var random = new Random(classes);
        int rows = 5;
        var logits = new double[rows * classes];
        var targets = new double[rows];
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] = random.NextDouble() * 6 - 3;
        }
        for (int r = 0; r < rows; r++)
        {
            targets[r] = random.Next(classes);
        }
        double Definition(double[] z) =>
            Enumerable
                .Range(0, rows)
                .Sum(r =>
                    DefinitionRow(z[(r * classes)..((r + 1) * classes)], (int)targets[r], epsilon)
                );
        var gradient = new double[logits.Length];
        double scale = 0.25;
        double loss = LossFunction.Compute<double>(
            TaskKind.Multiclass,
            logits,
            targets,
            gradient,
            classes,
            scale,
            epsilon
        );
        Assert.Equal(Definition(logits), loss, 10);
        for (int i = 0; i < logits.Length; i++)
        {
            Assert.Equal(
                scale * FiniteDifference(Definition, logits, i),
                gradient[i],
                tolerance: 1e-7
            );
        }
        // The float path (the vector kernels, then the smoothing) agrees to float precision.
        var floatGradient = new float[logits.Length];
        float floatLoss = LossFunction.Compute<float>(
            TaskKind.Multiclass,
            [.. logits.Select(v => (float)v)],
            [.. targets.Select(v => (float)v)],
            floatGradient,
            classes,
            (float)scale,
            epsilon
        );
        Assert.Equal(loss, floatLoss, tolerance: 1e-4);
        for (int i = 0; i < logits.Length; i++)
        {
            Assert.Equal(gradient[i], floatGradient[i], tolerance: 1e-5);
        }
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    public void Binary_matches_the_definition_and_its_finite_differences(float epsilon)
    {
        var random = new Random(3);
        var logits = Enumerable.Range(0, 9).Select(_ => random.NextDouble() * 10 - 5).ToArray();
        var targets = Enumerable.Range(0, 9).Select(_ => (double)random.Next(2)).ToArray();
        double Definition(double[] x) =>
            Enumerable.Range(0, x.Length).Sum(i => DefinitionBinary(x[i], targets[i], epsilon));
        var gradient = new double[logits.Length];
        double loss = LossFunction.Compute<double>(
            TaskKind.Binary,
            logits,
            targets,
            gradient,
            1,
            1,
            epsilon
        );
        Assert.Equal(Definition(logits), loss, 10);
        for (int i = 0; i < logits.Length; i++)
        {
            Assert.Equal(FiniteDifference(Definition, logits, i), gradient[i], tolerance: 1e-7);
        }
        // Binary smoothing is the two-class softmax's on logits [0, x].
        double twoClass = Enumerable
            .Range(0, logits.Length)
            .Sum(i => DefinitionRow([0, logits[i]], (int)targets[i], epsilon));
        Assert.Equal(twoClass, loss, 10);
    }

    [Fact]
    public void Regression_and_a_zero_epsilon_are_untouched()
    {
        double[] outputs = [1.5, -2];
        double[] targets = [1, 1];
        var plain = new double[2];
        var smoothed = new double[2];
        Assert.Equal(
            LossFunction.Compute<double>(TaskKind.Regression, outputs, targets, plain, 1, 1),
            LossFunction.Compute<double>(
                TaskKind.Regression,
                outputs,
                targets,
                smoothed,
                1,
                1,
                0.2f
            )
        );
        Assert.Equal(plain, smoothed);
    }

    private static double FiniteDifference(Func<double[], double> f, double[] at, int i)
    {
        const double h = 1e-6;
        var plus = (double[])at.Clone();
        var minus = (double[])at.Clone();
        plus[i] += h;
        minus[i] -= h;
        return (f(plus) - f(minus)) / (2 * h);
    }
}
