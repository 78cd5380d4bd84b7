using System.Text;
using Mlp.Model;

namespace Mlp.Tests.Model;

/// <summary>Models around a given network: inputs x1…xn, no scaling, default settings; older model files.</summary>
internal static class TestModels
{
    public static MlpModel Unscaled(Network<float> network, TaskKind task, string target = "y") =>
        new()
        {
            Schema = new Schema
            {
                Sources = Enumerable
                    .Range(1, network.InputCount)
                    .Select(i => new SourceFeature($"x{i}", null))
                    .ToArray(),
                TargetName = target,
                Task = task,
                Classes = task == TaskKind.Binary ? ["0", "1"] : [],
                ClassesAreNumbers = true,
            },
            Network = network,
            InputScaling = null,
            TargetScaling = null,
            Settings = new TrainingSettings(),
        };

    /// <summary>
    /// The model as a file of an older format: without the training history (before mlp/3)
    /// and, for mlp/1, without the training state; the header is otherwise the same.
    /// </summary>
    public static void WriteAsFormat(MlpModel model, string format, string path)
    {
        var older = new MlpModel
        {
            Schema = model.Schema,
            Network = model.Network,
            InputScaling = model.InputScaling,
            TargetScaling = model.TargetScaling,
            Settings = model.Settings,
            State = format == "mlp/1" ? null : model.State,
        };
        using var buffer = new MemoryStream();
        ModelFile.Write(older, buffer);
        File.WriteAllBytes(
            path,
            Encoding.Latin1.GetBytes(
                Encoding
                    .Latin1.GetString(buffer.ToArray())
                    .Replace($"\"{ModelFile.Format}\"", $"\"{format}\"")
            )
        );
    }
}
