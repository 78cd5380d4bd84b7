using Mlp.Cli.Metrics;
using Mlp.Cli.Model;

namespace Mlp.Cli.Training;

internal sealed class TrainingResult
{
    public required MlpModel Model { get; init; }
    public required IReadOnlyList<EpochRecord> History { get; init; }
    public required long Steps { get; init; }
    public required double TrainSeconds { get; init; }

    /// <summary>The epoch whose weights were kept (the best validation loss with --patience, else the last).</summary>
    public required int KeptEpoch { get; init; }

    /// <summary>The saved model's metrics on the training data (all rows, validation included).</summary>
    public required MetricSet TrainingMetrics { get; init; }

    public int EpochsRun => History.Count;
    public double FinalLoss => History[^1].TrainLoss;
    public double? ValidationLoss => History[KeptEpoch - 1].ValidationLoss;
}
