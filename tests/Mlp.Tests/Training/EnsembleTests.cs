using Mlp.Cli;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Tests.EndToEnd;
using Mlp.Tests.Properties;
using Mlp.Training;

namespace Mlp.Tests.Training;

/// <summary>
/// An ensemble joined into one network computes the mean of its members' logits: checked on
/// random shapes against each member evaluated by a plain loop, and end to end against the
/// members trained alone.
/// </summary>
public class EnsembleTests
{
    [Fact]
    public void The_joined_network_computes_the_mean_of_the_members_logits_on_random_shapes()
    {
        var random = new Random(30);
        var activations = Enum.GetValues<Activation>();
        for (int trial = 0; trial < 200; trial++)
        {
            int members = random.Next(2, 6),
                inputs = random.Next(1, 12),
                outputs = random.Next(1, 5),
                rows = random.Next(1, 9);
            int[] hidden =
            [
                .. Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(1, 20)),
            ];
            var activation = activations[random.Next(activations.Length)];
            var networks = new Network<float>[members];
            for (int k = 0; k < members; k++)
            {
                networks[k] = Network<float>.Create(inputs, hidden, outputs, activation);
                networks[k].Initialize(Rng.For(trial * 10 + k, 1), Initialization.PyTorch);
            }
            var joined = Ensemble.Join(networks);
            var x = new float[rows * inputs];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = (float)(random.NextDouble() * 4 - 2);
            }
            var logits = joined.Forward(x, rows, new Workspace<float>(joined, rows)).ToArray();
            for (int r = 0; r < rows; r++)
            {
                var row = x.AsSpan(r * inputs, inputs).ToArray();
                var mean = new double[outputs];
                foreach (var member in networks)
                {
                    var memberLogits = PlainForward(member, row);
                    for (int o = 0; o < outputs; o++)
                    {
                        mean[o] += memberLogits[o] / members;
                    }
                }
                var plainJoined = PlainForward(joined, row);
                for (int o = 0; o < outputs; o++)
                {
                    double scale = 1e-4 * (1 + Math.Abs(mean[o]));
                    Assert.True(
                        Math.Abs(plainJoined[o] - mean[o]) < scale,
                        $"trial {trial}: joined {plainJoined[o]} against the mean {mean[o]}"
                    );
                    Assert.True(Math.Abs(logits[r * outputs + o] - mean[o]) < scale);
                }
            }
        }
    }

    /// <summary>
    /// The block-diagonal forward pass against the same network's dense one on random shapes
    /// and batch sizes (up to tiled matrix products); a weight outside the blocks makes
    /// <see cref="Network{T}.UseBlocks"/> refuse and keep the dense product.
    /// </summary>
    [Fact]
    public void The_block_forward_pass_matches_the_dense_one_and_refuses_a_network_that_is_not_block_diagonal()
    {
        var random = new Random(31);
        for (int trial = 0; trial < 40; trial++)
        {
            int members = random.Next(2, 6),
                inputs = random.Next(1, 20),
                rows = random.Next(1, 400);
            int[] hidden =
            [
                .. Enumerable.Range(0, random.Next(2, 4)).Select(_ => random.Next(1, 40)),
            ];
            var networks = Enumerable
                .Range(0, members)
                .Select(k =>
                {
                    var network = Network<float>.Create(inputs, hidden, 2, Activation.Gelu);
                    network.Initialize(Rng.For(trial * 10 + k, 2), Initialization.PyTorch);
                    return network;
                })
                .ToArray();
            var blocked = Ensemble.Join(networks);
            var dense = new Network<float>(blocked.Layers);
            blocked.Parameters.CopyTo(dense.Parameters, 0);
            var x = Enumerable
                .Range(0, rows * inputs)
                .Select(_ => (float)(random.NextDouble() * 4 - 2))
                .ToArray();
            var expected = dense.Forward(x, rows, new Workspace<float>(dense, rows)).ToArray();
            var actual = blocked.Forward(x, rows, new Workspace<float>(blocked, rows)).ToArray();
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(
                    Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])),
                    $"trial {trial}: {actual[i]} against {expected[i]}"
                );
            }
            Assert.True(dense.UseBlocks(members));
            dense.Weights(1)[dense.Layers[1].InputCount - 1] = 0.5f; // unit 1 sees the last member
            var refused = new Network<float>(blocked.Layers);
            dense.Parameters.CopyTo(refused.Parameters, 0);
            Assert.False(refused.UseBlocks(members));
        }
    }

    /// <summary>A layer at a time, in double, from the weights (out, in) and biases.</summary>
    private static double[] PlainForward(Network<float> network, double[] x)
    {
        for (int l = 0; l < network.Layers.Length; l++)
        {
            var shape = network.Layers[l];
            var weights = network.Weights(l).ToArray();
            var bias = network.Bias(l).ToArray();
            var next = new double[shape.OutputCount];
            for (int o = 0; o < next.Length; o++)
            {
                double z = bias[o];
                for (int i = 0; i < shape.InputCount; i++)
                {
                    z += weights[o * shape.InputCount + i] * x[i];
                }
                next[o] = ReferenceNetwork.Activate(z, shape.Activation);
            }
            x = next;
        }
        return x;
    }

    private static double[] PlainForward(Network<float> network, float[] x) =>
        PlainForward(network, [.. x.Select(v => (double)v)]);

    [Fact]
    public void A_trained_ensemble_predicts_the_mean_of_its_members_trained_alone()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Generated.Regression(120, 4));
        string ensemble = folder.File("e.mlp");
        var run = CliRunner.Run(
            "train",
            data,
            "-o",
            ensemble,
            "--ensemble",
            "3",
            "--epochs",
            "5",
            "--hidden",
            "6,5",
            "--seed",
            "7"
        );
        Assert.True(run.ExitCode == 0, run.Stderr);
        var predictions = Predictions(ensemble, data);
        var mean = new double[predictions.Length];
        for (int k = 0; k < 3; k++)
        {
            string member = folder.File($"m{k}.mlp");
            long seed = Ensemble.Seed(7, k);
            var alone = CliRunner.Run(
                "train",
                data,
                "-o",
                member,
                "--epochs",
                "5",
                "--hidden",
                "6,5",
                "--seed",
                $"{seed}"
            );
            Assert.True(alone.ExitCode == 0, alone.Stderr);
            var memberPredictions = Predictions(member, data);
            for (int r = 0; r < mean.Length; r++)
            {
                mean[r] += memberPredictions[r] / 3;
            }
        }
        for (int r = 0; r < mean.Length; r++)
        {
            // predict prints float32 values: 7 significant digits.
            Assert.True(
                Math.Abs(mean[r] - predictions[r]) < 1e-5 * (1 + Math.Abs(mean[r])),
                $"row {r}: {predictions[r]} against the members' mean {mean[r]}"
            );
        }
        var resumed = CliRunner.Run(
            "train",
            data,
            "--resume",
            ensemble,
            "-o",
            folder.File("r.mlp")
        );
        Assert.Equal(1, resumed.ExitCode);
        Assert.Contains("ensemble of 3 networks", resumed.Stderr);
    }

    private static double[] Predictions(string model, string data) =>
        [
            .. CliRunner
                .Run("predict", model, data)
                .Stdout.TrimEnd('\n')
                .Split('\n')
                .Skip(1)
                .Select(line =>
                    double.Parse(
                        line.Split(',')[0],
                        System.Globalization.CultureInfo.InvariantCulture
                    )
                ),
        ];
}
