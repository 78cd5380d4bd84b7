using Mlp.Kernels;

namespace Mlp.Cli.Model;

internal enum OptimizerKind
{
    Adam,
    AdamW,
    Sgd,
    Momentum,
}

/// <summary>Everything `mlp train` was asked to do, stored in the model for the record.</summary>
internal sealed record TrainingSettings
{
    public int[] Hidden { get; init; } = [64];
    public Activation Activation { get; init; } = Activation.Relu;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    public float LearningRate { get; init; } = 0.001f;
    public float Momentum { get; init; } = 0.9f;
    public float L2 { get; init; }
    public int Epochs { get; init; } = 100;

    /// <summary>Rows per step; 0 means the full training set.</summary>
    public int BatchSize { get; init; } = 32;
    public long Seed { get; init; } = 42;
    public float Validation { get; init; }
    public int? Patience { get; init; }
    public float? StopLoss { get; init; }
    public bool Standardize { get; init; } = true;

    public static string OptimizerName(OptimizerKind kind) =>
        kind switch
        {
            OptimizerKind.AdamW => "adamw",
            OptimizerKind.Sgd => "sgd",
            OptimizerKind.Momentum => "momentum",
            _ => "adam",
        };

    public static OptimizerKind? ParseOptimizer(string name) =>
        name switch
        {
            "adam" => OptimizerKind.Adam,
            "adamw" => OptimizerKind.AdamW,
            "sgd" => OptimizerKind.Sgd,
            "momentum" => OptimizerKind.Momentum,
            _ => null,
        };
}
