using Mlp.Cli;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Tests.Model;

/// <summary>Inverted dropout: its gradient against finite differences, its masks, and training with it.</summary>
public class DropoutTests
{
    /// <summary>Σ squared error of the network on the rows with the given masks applied.</summary>
    private static double Loss(
        Network<double> network,
        double[] x,
        double[] y,
        int rows,
        DropoutMasks<double> masks
    )
    {
        var workspace = new Workspace<double>(network, rows, dropout: true);
        var logits = network.Forward(x, rows, workspace, masks);
        var gradient = new double[rows];
        return LossFunction.Compute(TaskKind.Regression, logits, y, gradient, 1, 1.0);
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Gelu)]
    public void Gradients_with_fixed_masks_match_finite_differences(Activation activation)
    {
        const int rows = 6,
            inputs = 4;
        var network = Network<double>.Create(inputs, [7, 5], 1, activation);
        var rng = new Rng(3);
        network.Initialize(rng, Initialization.PyTorch);
        var x = Enumerable.Range(0, rows * inputs).Select(_ => rng.NextGaussian()).ToArray();
        var y = Enumerable.Range(0, rows).Select(_ => rng.NextGaussian()).ToArray();
        var masks = new DropoutMasks<double>(network, rows, 0.4);
        masks.Draw(new Rng(9), rows);

        var workspace = new Workspace<double>(network, rows, dropout: true);
        var logits = network.Forward(x, rows, workspace, masks);
        LossFunction.Compute(
            TaskKind.Regression,
            logits,
            y,
            workspace.OutputGradient(rows),
            1,
            1.0
        );
        var gradients = new double[network.Parameters.Length];
        network.Backward(x, rows, workspace, gradients, inputGradient: false, masks);

        const double h = 1e-6;
        for (int i = 0; i < network.Parameters.Length; i++)
        {
            double saved = network.Parameters[i];
            network.Parameters[i] = saved + h;
            double up = Loss(network, x, y, rows, masks);
            network.Parameters[i] = saved - h;
            double down = Loss(network, x, y, rows, masks);
            network.Parameters[i] = saved;
            double numeric = (up - down) / (2 * h);
            double scale = Math.Max(1e-8, Math.Abs(numeric) + Math.Abs(gradients[i]));
            Assert.True(
                Math.Abs(numeric - gradients[i]) / scale < 1e-6,
                $"parameter {i}: backprop {gradients[i]}, finite difference {numeric}"
            );
        }
    }

    [Fact]
    public void Masks_keep_about_one_minus_p_of_the_units_scaled_by_its_inverse()
    {
        var network = Network<float>.Create(3, [200, 100], 1, Activation.Relu);
        var masks = new DropoutMasks<float>(network, 50, 0.25);
        masks.Draw(new Rng(1), 50);
        var first = masks.Layer(0, 0, 50).ToArray();
        Assert.All(first, m => Assert.True(m == 0f || m == 1f / 0.75f, $"{m}"));
        double kept = first.Count(m => m > 0) / (double)first.Length;
        Assert.InRange(kept, 0.73, 0.77); // 10,000 units: a few standard errors (0.0043) of 0.75
        // A chunk's slice is the same rows of the batch's masks.
        Assert.Equal(first.AsSpan(20 * 200, 5 * 200).ToArray(), masks.Layer(0, 20, 5).ToArray());
    }

    [Fact]
    public void A_dropout_run_is_reproducible_and_the_same_on_any_number_of_threads()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Mlp.Data.MoonsData.Csv(2000, 4));
        byte[] Train(string threads, string name)
        {
            string model = folder.File(name);
            var run = CliRunner.Run(
                "train",
                data,
                "-o",
                model,
                "--hidden",
                "128,64",
                "--dropout",
                "0.3",
                "--batch-size",
                "512",
                "--epochs",
                "4",
                "--threads",
                threads,
                "--quiet"
            );
            Assert.Equal(0, run.ExitCode);
            return File.ReadAllBytes(model);
        }
        var one = Train("1", "a.mlp");
        Assert.Equal(one, Train("1", "b.mlp"));
        Assert.Equal(one, Train("2", "c.mlp"));
        var without = CliRunner.Run(
            "train",
            data,
            "-o",
            folder.File("n.mlp"),
            "--hidden",
            "128,64",
            "--batch-size",
            "512",
            "--epochs",
            "4",
            "--quiet"
        );
        Assert.Equal(0, without.ExitCode);
        Assert.NotEqual(one, File.ReadAllBytes(folder.File("n.mlp")));
    }
}
