using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// Early stopping's bookkeeping: the best epoch by the monitored value (the validation loss,
/// or the metric negated) and its parameters, and patience counted from the last epoch that
/// bettered the value by more than <see cref="Trainer.MinImprovement"/>.
/// </summary>
internal sealed class EarlyStopping(int patience, MonitorKind monitor)
{
    private double _best = double.PositiveInfinity;
    private double _lastGain = double.PositiveInfinity;
    private int _lastGainEpoch;

    public int BestEpoch { get; private set; }
    public float[]? BestParameters { get; private set; }
    public TrainingState? BestState { get; private set; }

    /// <summary>Takes an epoch's validation loss and metric; true when patience has run out.</summary>
    public bool Stop(
        int epoch,
        double validationLoss,
        double metric,
        float[] parameters,
        Func<TrainingState> state
    )
    {
        double monitored = monitor == MonitorKind.Loss ? validationLoss : -metric;
        if (monitored < _best)
        {
            (_best, BestEpoch) = (monitored, epoch);
            BestParameters = (float[])parameters.Clone();
            BestState = state();
        }
        if (monitored < _lastGain - Trainer.MinImprovement)
        {
            (_lastGain, _lastGainEpoch) = (monitored, epoch);
        }
        return epoch - _lastGainEpoch >= patience;
    }
}
