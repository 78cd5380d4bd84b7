using Mlp.Kernels;

namespace Mlp.Cli.Model;

/// <summary>
/// Compiles the forward pass (the network's layer loop, the matrix-product dispatch and the
/// small-layer kernel, bias + ReLU, the sigmoid head) on a background thread by running a tiny
/// made-up network, and the CSV reader by reading a record of the data file, so the JIT's
/// one-time work overlaps reading the model file instead of delaying the first prediction.
/// </summary>
internal static class ForwardWarmup
{
    /// <summary>Also reads the first record of <paramref name="csvPath"/> (when it is a file), which compiles the CSV reader.</summary>
    public static Task Start(string? csvPath = null) =>
        BackgroundWork.Start(() =>
        {
            const int rows = 10,
                inputs = 8;
            var network = Network<float>.Create(inputs, [16], 1, Activation.Relu);
            network.Initialize(new Rng(0));
            var workspace = new Workspace<float>(network, rows);
            var logits = network.Forward(new float[rows * inputs], rows, workspace);
            var outputs = new float[rows];
            OutputHead.Apply(TaskKind.Binary, null, logits, outputs, 1);
            if (csvPath is not null && csvPath != "-" && File.Exists(csvPath))
            {
                try
                {
                    using var reader = Data.CsvSource.Open(csvPath, null);
                    if (reader.Read())
                    {
                        reader.Read();
                    }
                }
                catch (Exception)
                {
                    // Only a warm-up: the command itself reads the file and reports its errors.
                }
            }
        });
}
