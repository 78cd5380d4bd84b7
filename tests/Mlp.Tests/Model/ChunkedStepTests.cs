using Mlp.Cli;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests.Model;

/// <summary>A batch cut into chunks gives the gradient of the whole batch, and the same bits on any thread count.</summary>
public class ChunkedStepTests
{
    [Theory]
    [InlineData("binary")]
    [InlineData("multiclass")]
    [InlineData("regression")]
    public void Chunked_gradient_equals_the_whole_batch_gradient(string taskName)
    {
        var task = TaskNames.Parse(taskName)!.Value;
        const int rows = 301,
            inputs = 7;
        int outputs = task == TaskKind.Multiclass ? 3 : 1;
        var network = Network<float>.Create(inputs, [40, 20], outputs, Activation.Tanh);
        network.Initialize(new Rng(5), Initialization.He);
        var reference = network.Convert<double>();
        var rng = new Rng(6);
        var data = Enumerable
            .Range(0, rows * inputs)
            .Select(_ => (float)rng.NextGaussian())
            .ToArray();
        var targets = Enumerable
            .Range(0, rows)
            .Select(_ =>
                task == TaskKind.Regression
                    ? (float)rng.NextGaussian()
                    : rng.NextInt(outputs == 1 ? 2 : outputs)
            )
            .Select(v => (float)v)
            .ToArray();
        Assert.True(TrainingStep.ChunkCount(rows, network) > 1);

        var step = new TrainingStep(network, new TrainingSettings(), task, rows);
        var batch = Enumerable.Range(0, rows).ToArray();
        step.Run(data, targets, batch, null);

        // The whole batch at once, in double, through the same network code.
        var workspace = new Workspace<double>(reference, rows);
        var z = data.Select(v => (double)v).ToArray();
        var logits = reference.Forward(z, rows, workspace);
        LossFunction.Compute(
            task,
            logits,
            targets.Select(v => (double)v).ToArray(),
            workspace.OutputGradient(rows),
            outputs,
            1.0 / rows
        );
        var expected = new double[reference.Parameters.Length];
        reference.Backward(z, rows, workspace, expected, inputGradient: false);

        var actual = step.LastGradient;
        double largest = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(actual[i] - expected[i]) <= 1e-5 * largest,
                $"parameter {i}: {actual[i]} vs {expected[i]}"
            );
        }
    }
}
