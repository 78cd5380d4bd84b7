using Mlp.Cli;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Tests.Model;

/// <summary>Backpropagation against central finite differences, in double, for every activation × task × depth.</summary>
public class BackpropagationTests
{
    public static TheoryData<Activation, string, int> Cases()
    {
        var cases = new TheoryData<Activation, string, int>();
        foreach (var activation in Enum.GetValues<Activation>())
        {
            foreach (var task in new[] { "binary", "multiclass", "regression" })
            {
                cases.Add(activation, task, 1);
                cases.Add(activation, task, 3);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_finite_differences(
        Activation activation,
        string taskName,
        int hiddenLayers
    )
    {
        var task = TaskNames.Parse(taskName)!.Value;
        const int rows = 7;
        const int inputs = 5;
        int outputs = task == TaskKind.Multiclass ? 3 : 1;
        var hidden = Enumerable.Repeat(6, hiddenLayers).ToArray();
        var network = Network<double>.Create(inputs, hidden, outputs, activation);
        var rng = new Rng(11);
        network.Initialize(rng, Initialization.He);
        for (int i = 0; i < network.Parameters.Length; i++)
        {
            network.Parameters[i] += 0.1 * rng.NextGaussian(); // non-zero biases too
        }
        var x = Enumerable.Range(0, rows * inputs).Select(_ => rng.NextGaussian()).ToArray();
        var y = Enumerable
            .Range(0, rows)
            .Select(_ =>
                task switch
                {
                    TaskKind.Binary => rng.NextInt(2),
                    TaskKind.Multiclass => rng.NextInt(3),
                    _ => rng.NextGaussian(),
                }
            )
            .ToArray();

        var checks = new GradientCheck(network, task, x, y).Run(1000, new Rng(5));

        foreach (var check in checks)
        {
            Assert.True(check.Checked > 0 || check.SkippedAtKinks > 0, check.Name);
            Assert.True(
                check.MaxRelativeError < 1e-5,
                $"{check.Name}: relative error {check.MaxRelativeError:E2}"
            );
        }
        Assert.Equal(2 * (hiddenLayers + 1) + 1, checks.Count);
    }

    [Fact]
    public void Backward_matches_a_hand_computed_chain()
    {
        // x = 1 → h = 2x + 0.5 = 2.5 → o = −3h + 1 = −6.5; loss (o − 0)² = 42.25.
        // δo = 2o = −13; δw2 = δo·h = −32.5; δb2 = −13; δh = δo·w2 = 39; δw1 = δh·x = 39; δb1 = 39; δx = δh·w1 = 78.
        var network = Network<double>.Create(1, [1], 1, Activation.Identity);
        network.Parameters[0] = 2;
        network.Parameters[1] = 0.5;
        network.Parameters[2] = -3;
        network.Parameters[3] = 1;
        var workspace = new Workspace<double>(network, 1);
        double[] x = [1.0];
        var logits = network.Forward(x, 1, workspace);
        Assert.Equal(-6.5, logits[0], 12);
        double loss = Losses.SquaredError<double>(logits, [0.0], workspace.OutputGradient(1), 1.0);
        Assert.Equal(42.25, loss, 12);
        var gradients = new double[4];
        var inputGradient = network.Backward(x, 1, workspace, gradients, inputGradient: true);
        Assert.Equal([39.0, 39.0, -32.5, -13.0], gradients);
        Assert.Equal(78.0, inputGradient[0], 12);
    }
}
