namespace Mlp.Model;

/// <summary>A trained model: what it reads (schema), how it scales, the network, how it was trained.</summary>
internal sealed class MlpModel
{
    public required Schema Schema { get; init; }
    public required Network<float> Network { get; init; }

    /// <summary>Per-input mean and std; the network sees (x − mean) / std. Null without standardization.</summary>
    public required Standardization? InputScaling { get; init; }

    /// <summary>Regression only: output = network output × std + mean.</summary>
    public required Standardization? TargetScaling { get; init; }

    public required TrainingSettings Settings { get; init; }

    /// <summary>Where training stopped (for --resume); null in files written before it was kept.</summary>
    public TrainingState? State { get; init; }

    /// <summary>The file format it was read from (or will be written in).</summary>
    public string Format { get; init; } = ModelFile.Format;

    /// <summary>The losses per epoch and the kept epoch; null in files written before mlp/3.</summary>
    public TrainingHistory? History { get; init; }

    /// <summary>
    /// A binary model with its classes the other way round: the last layer's weights and bias
    /// negated, so its sigmoid gives the other class's probability exactly (σ(−z) = 1 − σ(z)).
    /// </summary>
    public MlpModel WithNegatedOutput()
    {
        var network = new Network<float>(Network.Layers);
        Network.Parameters.CopyTo(network.Parameters, 0);
        network.ScaleOutputs(-1f);
        network.UseBlocks(Settings.Ensemble);
        return new MlpModel
        {
            Schema = new Schema
            {
                Sources = Schema.Sources,
                TargetName = Schema.TargetName,
                Task = Schema.Task,
                Classes = [.. Schema.Classes.Reverse()],
                ClassesAreNumbers = Schema.ClassesAreNumbers,
                Impute = Schema.Impute,
            },
            Network = network,
            InputScaling = InputScaling,
            TargetScaling = TargetScaling,
            Settings = Settings,
            State = State,
            Format = Format,
            History = History,
        };
    }
}
