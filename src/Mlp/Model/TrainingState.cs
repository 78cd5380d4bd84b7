namespace Mlp.Model;

/// <summary>
/// Where a run stopped, kept in the model so that `--resume` continues it exactly: the epochs
/// and optimizer steps taken, the optimizer's moments (Adam's first and second, momentum's
/// velocity; none for SGD), and the learning-rate schedule's rate and plateau bookkeeping.
/// </summary>
internal sealed record TrainingState(
    int EpochsRun,
    long Steps,
    float[] First,
    float[] Second,
    float LearningRate,
    double PlateauBest,
    int PlateauBadEpochs
);
