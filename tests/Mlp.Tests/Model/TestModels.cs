using Mlp.Cli.Model;

namespace Mlp.Tests.Model;

/// <summary>Models around a given network: inputs x1…xn, no scaling, default settings.</summary>
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
}
