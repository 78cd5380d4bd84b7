using System.Text;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Cli.Warmup;

/// <summary>
/// Compiles the forward pass (the network's layer loop, the matrix-product dispatch and the
/// small-layer kernel, bias + ReLU, the sigmoid head) and the CSV reader on two background
/// threads, by running a tiny made-up network and reading a made-up CSV. Started before the
/// command line is parsed, the JIT's one-time work overlaps the parsing and the reading of the
/// model file instead of delaying the first prediction.
/// </summary>
internal static class ForwardWarmup
{
    private static readonly Lazy<Task> Started = new(() =>
        Task.WhenAll(BackgroundWork.Start(Forward), BackgroundWork.Start(ReadCsv))
    );

    /// <summary>Starts the warm-up once per process; later calls return the same task.</summary>
    public static Task Start() => Started.Value;

    private static void Forward()
    {
        const int rows = 10,
            inputs = 8;
        var network = new Network<float>([
            new(inputs, 16, Activation.Relu),
            new(16, 1, Activation.Identity),
        ]);
        var workspace = new Workspace<float>(network, rows);
        var logits = network.Forward(new float[rows * inputs], rows, workspace);
        var outputs = new float[rows];
        OutputHead.Apply(TaskKind.Binary, null, logits, outputs, 1);
    }

    /// <summary>Reads a made-up CSV as predict reads its input: header lookup, encoding, parsing.</summary>
    private static void ReadCsv()
    {
        var csv = new MemoryStream(Encoding.UTF8.GetBytes("a,b,y\n1.5,x,1\n3,z,0\n"));
        var schema = new Schema
        {
            Sources = [new SourceFeature("a", null), new SourceFeature("b", ["x", "z"])],
            TargetName = "y",
            Task = TaskKind.Binary,
            Classes = ["0", "1"],
            ClassesAreNumbers = true,
        };
        using var reader = new FeatureReader("-", schema, false, TextWriter.Null, csv);
        var inputs = new double[4 * schema.InputCount];
        reader.Read(inputs, default, 4);
    }
}
