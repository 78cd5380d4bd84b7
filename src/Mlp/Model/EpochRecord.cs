namespace Mlp.Model;

/// <summary>
/// One row of the training history. <see cref="Metric"/> is accuracy (classification) or
/// R² (regression), on the validation rows when there are any, else on the training rows
/// as the epoch's batches saw them. <see cref="LearningRate"/> is the rate the epoch trained with.
/// </summary>
internal sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double? ValidationLoss,
    double Metric,
    double Seconds,
    double LearningRate
);
