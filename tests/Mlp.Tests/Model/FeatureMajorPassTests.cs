using Mlp.Cli;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests.Model;

/// <summary>
/// The feature-major pass of narrow networks: its logits and gradients against the row-major
/// pass in double and against central differences, and a training step that takes it
/// against the whole batch in double.
/// </summary>
public class FeatureMajorPassTests
{
    public static TheoryData<string, Activation> Cases()
    {
        var data = new TheoryData<string, Activation>();
        foreach (var task in new[] { "binary", "multiclass", "regression" })
        {
            foreach (var activation in Enum.GetValues<Activation>())
            {
                data.Add(task, activation);
            }
        }
        return data;
    }

    private sealed record Problem(
        TaskKind Task,
        Network<double> Network,
        double[] Inputs,
        double[] Targets,
        int Rows
    )
    {
        public static Problem Make(string taskName, Activation activation, int rows, int seed)
        {
            var task = TaskNames.Parse(taskName)!.Value;
            int outputs = task == TaskKind.Multiclass ? 3 : 1;
            var network = Network<double>.Create(5, [7, 4], outputs, activation);
            network.Initialize(new Rng((ulong)seed), Initialization.PyTorch);
            var rng = new Rng((ulong)seed + 1);
            var inputs = Enumerable.Range(0, rows * 5).Select(_ => rng.NextGaussian()).ToArray();
            var targets = Enumerable
                .Range(0, rows)
                .Select(_ =>
                    task == TaskKind.Regression
                        ? rng.NextGaussian()
                        : (double)rng.NextInt(outputs == 1 ? 2 : outputs)
                )
                .ToArray();
            return new Problem(task, network, inputs, targets, rows);
        }

        /// <summary>The inputs feature-major, (features, rows).</summary>
        public void FillColumns(Span<double> columns)
        {
            for (int r = 0; r < Rows; r++)
            {
                for (int f = 0; f < 5; f++)
                {
                    columns[f * Rows + r] = Inputs[r * 5 + f];
                }
            }
        }

        /// <summary>Mean loss, logits and parameter gradient through the feature-major pass.</summary>
        public (double Loss, double[] Logits, double[] Gradient) FeatureMajor()
        {
            var pass = new FeatureMajorPass<double>(Network, new Workspace<double>(Network, Rows));
            FillColumns(pass.Inputs(Rows));
            var logits = pass.Forward(Rows).ToArray();
            double loss = LossFunction.Compute(
                Task,
                logits,
                Targets,
                pass.OutputGradient(Rows),
                Network.OutputCount,
                1.0 / Rows
            );
            var gradient = new double[Network.Parameters.Length];
            pass.Backward(Rows, gradient);
            return (loss / Rows, logits, gradient);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_row_major_pass(string task, Activation activation)
    {
        var problem = Problem.Make(task, activation, rows: 70, seed: 3);
        var (_, logits, gradient) = problem.FeatureMajor();

        var network = problem.Network;
        var workspace = new Workspace<double>(network, problem.Rows);
        var expectedLogits = network.Forward(problem.Inputs, problem.Rows, workspace).ToArray();
        LossFunction.Compute(
            problem.Task,
            expectedLogits,
            problem.Targets,
            workspace.OutputGradient(problem.Rows),
            network.OutputCount,
            1.0 / problem.Rows
        );
        var expectedGradient = new double[network.Parameters.Length];
        network.Backward(problem.Inputs, problem.Rows, workspace, expectedGradient, false);

        AssertClose(expectedLogits, logits, 1e-12);
        AssertClose(expectedGradient, gradient, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_central_differences(string task, Activation activation)
    {
        var problem = Problem.Make(task, activation, rows: 64, seed: 9);
        var (_, _, gradient) = problem.FeatureMajor();
        var parameters = problem.Network.Parameters;
        const double step = 1e-5;
        for (int i = 0; i < parameters.Length; i++)
        {
            double saved = parameters[i];
            parameters[i] = saved + step;
            double above = problem.FeatureMajor().Loss;
            parameters[i] = saved - step;
            double below = problem.FeatureMajor().Loss;
            parameters[i] = saved;
            double numeric = (above - below) / (2 * step);
            // A kinked activation whose unit crosses its kink within the step has no derivative there.
            if (
                activation is Activation.Relu or Activation.LeakyRelu
                && CrossesKink(problem, i, step)
            )
            {
                continue;
            }
            Assert.True(
                Math.Abs(numeric - gradient[i]) <= 1e-6 + 1e-5 * Math.Abs(numeric),
                $"{task} {activation} parameter {i}: backprop {gradient[i]}, differences {numeric}"
            );
        }
    }

    /// <summary>Whether moving parameter <paramref name="index"/> by ±step flips the sign of a hidden pre-activation.</summary>
    private static bool CrossesKink(Problem problem, int index, double step)
    {
        var network = problem.Network;
        bool[] Signs(double delta)
        {
            double saved = network.Parameters[index];
            network.Parameters[index] = saved + delta;
            var workspace = new Workspace<double>(network, problem.Rows);
            network.Forward(problem.Inputs, problem.Rows, workspace);
            network.Parameters[index] = saved;
            return Enumerable
                .Range(0, network.Layers.Length - 1)
                .SelectMany(l => workspace.PreActivation(l, problem.Rows).ToArray())
                .Select(z => z > 0)
                .ToArray();
        }
        return !Signs(step).SequenceEqual(Signs(-step));
    }

    [Theory]
    [InlineData("binary")]
    [InlineData("multiclass")]
    [InlineData("regression")]
    public void Training_step_on_a_narrow_network_matches_the_whole_batch_in_double(string taskName)
    {
        var problem = Problem.Make(taskName, Activation.Relu, rows: 301, seed: 4);
        var network = problem.Network.Convert<float>();
        var data = problem.Inputs.Select(v => (float)v).ToArray();
        var targets = problem.Targets.Select(v => (float)v).ToArray();
        var step = new TrainingStep(network, new TrainingSettings(), problem.Task, problem.Rows);
        Assert.True(
            FeatureMajorPass<float>.Suits(
                network,
                problem.Rows / TrainingStep.ChunkCount(problem.Rows, network)
            )
        );

        // A first batch in a shuffled order, then the same rows in order, then the rows' values changed in a new array.
        var shuffled = Enumerable.Range(0, problem.Rows).Reverse().ToArray();
        var inOrder = Enumerable.Range(0, problem.Rows).ToArray();
        var changed = data.Select(v => -2 * v).ToArray();
        foreach (
            var (values, batch) in new[] { (data, shuffled), (data, inOrder), (changed, inOrder) }
        )
        {
            var before = network.Convert<double>();
            var seen = new ScoreAccumulator(problem.Task);
            step.Run(values, targets, batch, seen);

            var inputs = batch
                .SelectMany(r => values.Skip(r * 5).Take(5))
                .Select(v => (double)v)
                .ToArray();
            var batchTargets = batch.Select(r => (double)targets[r]).ToArray();
            var workspace = new Workspace<double>(before, problem.Rows);
            var logits = before.Forward(inputs, problem.Rows, workspace).ToArray();
            LossFunction.Compute(
                problem.Task,
                logits,
                batchTargets,
                workspace.OutputGradient(problem.Rows),
                before.OutputCount,
                1.0 / problem.Rows
            );
            var expected = new double[before.Parameters.Length];
            before.Backward(inputs, problem.Rows, workspace, expected, false);
            AssertClose(
                expected,
                step.LastGradient.ToArray().Select(v => (double)v).ToArray(),
                1e-5
            );

            var expectedSeen = new ScoreAccumulator(problem.Task);
            expectedSeen.Add(
                logits.Select(v => (float)v).ToArray(),
                batchTargets.Select(v => (float)v).ToArray(),
                before.OutputCount,
                default
            );
            Assert.Equal(expectedSeen.Score(), seen.Score(), 4);
        }
    }

    private static void AssertClose(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        double largest = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(actual[i] - expected[i]) <= relative * largest,
                $"at {i}: {actual[i]} vs {expected[i]}"
            );
        }
    }
}
