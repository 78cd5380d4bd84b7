using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Training;

internal sealed record TrainingResult
{
    public required MlpModel Model { get; init; }
    public required IReadOnlyList<EpochRecord> History { get; init; }
    public required long Steps { get; init; }
    public required double TrainSeconds { get; init; }

    /// <summary>The epoch whose weights were kept (the best validation loss with --patience, else the last).</summary>
    public required int KeptEpoch { get; init; }

    /// <summary>The saved model's metrics on the training rows (never the validation rows).</summary>
    public required MetricSet TrainingMetrics { get; init; }

    /// <summary>The saved model's metrics on the validation rows, or null without any.</summary>
    public required MetricSet? ValidationMetrics { get; init; }

    /// <summary>Under --epochs auto, how the epoch count was chosen; null otherwise.</summary>
    public EpochChoice? EpochChoice { get; init; }

    /// <summary>Under --hidden auto, the candidate shapes searched and their held-out losses; null otherwise.</summary>
    public CapacityCandidate[]? Capacity { get; init; }

    /// <summary>Whether the ensemble's size was chosen from the rows (--ensemble auto).</summary>
    public bool AutoEnsemble { get; init; }

    /// <summary>Whether the label smoothing was chosen for the task (--label-smoothing auto).</summary>
    public bool AutoLabelSmoothing { get; init; }

    /// <summary>Streamed data: how many training and validation rows the metrics are computed on (a sample of blocks past <see cref="StreamedTrainer.MaxMetricRows"/>); null in memory, where they are on every row.</summary>
    public (int Training, int Validation)? MetricRows { get; init; }

    public int EpochsRun => History.Count;

    /// <summary>The training loss of the kept epoch, the one whose weights were saved.</summary>
    public double FinalLoss => Kept.TrainLoss;

    /// <summary>The saved model's validation loss: the kept epoch's, or an ensemble's own.</summary>
    public double? ValidationLoss => EnsembleValidationLoss ?? Kept.ValidationLoss;

    /// <summary>An ensemble's validation loss (its members' epochs record their own); null otherwise.</summary>
    public double? EnsembleValidationLoss { get; init; }

    private EpochRecord Kept => History.First(record => record.Epoch == KeptEpoch);
}
