using Mlp.Cli;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Tests.Model;

/// <summary>The block-parallel forward pass over many rows against a per-row forward pass in double.</summary>
public class ParallelForwardTests
{
    private const int InputCount = 3;
    private const int Hidden = 5;

    [Theory]
    [InlineData(1)]
    [InlineData(1023)]
    [InlineData(2500)]
    public void EveryRowGetsItsOwnProbability(int rows)
    {
        var model = BinaryModel();
        var inputs = Inputs(rows);
        var outputs = ParallelForward.Run(model, inputs, rows);
        Assert.Equal(rows, outputs.Length);
        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(
                Expected(model.Network, inputs.AsSpan(r * InputCount, InputCount)),
                outputs[r],
                tolerance: 1e-6
            );
        }
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheOutputs()
    {
        var model = BinaryModel();
        var inputs = Inputs(3000);
        int threads = WorkerPool.Threads;
        try
        {
            WorkerPool.Threads = 1;
            var one = ParallelForward.Run(model, inputs, 3000);
            WorkerPool.Threads = 3;
            var several = ParallelForward.Run(model, inputs, 3000);
            Assert.Equal(one, several);
        }
        finally
        {
            WorkerPool.Threads = threads;
        }
    }

    /// <summary>sigmoid(w2 · tanh(W1 x + b1) + b2), written out in double.</summary>
    private static double Expected(Network<float> network, ReadOnlySpan<float> x)
    {
        var w1 = network.Weights(0);
        var b1 = network.Bias(0);
        var w2 = network.Weights(1);
        double logit = network.Bias(1)[0];
        for (int h = 0; h < Hidden; h++)
        {
            double z = b1[h];
            for (int i = 0; i < InputCount; i++)
            {
                z += w1[h * InputCount + i] * (double)x[i];
            }
            logit += w2[h] * Math.Tanh(z);
        }
        return 1 / (1 + Math.Exp(-logit));
    }

    private static float[] Inputs(int rows)
    {
        var random = new Random(7);
        return Enumerable
            .Range(0, rows * InputCount)
            .Select(_ => (float)(random.NextDouble() * 4 - 2))
            .ToArray();
    }

    private static MlpModel BinaryModel()
    {
        var network = Network<float>.Create(InputCount, [Hidden], 1, Activation.Tanh);
        network.Initialize(new Rng(3), Initialization.He);
        for (int h = 0; h < Hidden; h++)
        {
            network.Bias(0)[h] = 0.1f * (h - 2);
        }
        network.Bias(1)[0] = -0.3f;
        return TestModels.Unscaled(network, TaskKind.Binary);
    }
}
