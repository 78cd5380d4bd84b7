namespace Mlp.Cli.Model;

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
}
