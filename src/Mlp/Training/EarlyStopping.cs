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

/// <summary>
/// What every trainer does after an epoch's record: early stopping and the kept epoch, the
/// schedule's step on the watched value, the stop-loss rule; and at the end, the best epoch's
/// parameters put back.
/// </summary>
internal sealed class EpochEnd(TrainingSettings settings)
{
    private readonly EarlyStopping? _stopping = settings.Patience is int patience
        ? new EarlyStopping(patience, settings.Monitor)
        : null;

    /// <summary>The epoch whose weights are kept: the best with --patience, else the last.</summary>
    public int KeptEpoch { get; private set; }

    /// <summary>Whether training stops after <paramref name="epoch"/>.</summary>
    public bool Stop(
        int epoch,
        double trainLoss,
        double? validationLoss,
        double metric,
        float[] parameters,
        Func<TrainingState> state,
        LearningRateSchedule schedule
    )
    {
        KeptEpoch = epoch;
        if (_stopping is not null && validationLoss is double loss)
        {
            bool stop = _stopping.Stop(epoch, loss, metric, parameters, state);
            KeptEpoch = _stopping.BestEpoch;
            if (stop)
            {
                return true;
            }
        }
        bool byMetric = settings.Monitor == MonitorKind.Metric && validationLoss is not null;
        schedule.EndEpoch(
            validationLoss is double watched ? (byMetric ? metric : watched) : trainLoss,
            higherIsBetter: byMetric
        );
        return settings.StopLoss is float stopLoss && trainLoss <= stopLoss;
    }

    /// <summary>The run's final state: the best epoch's (its parameters copied back into <paramref name="parameters"/>) under early stopping, else <paramref name="last"/>.</summary>
    public TrainingState Finish(float[] parameters, TrainingState last)
    {
        if (_stopping?.BestParameters is not { } best)
        {
            return last;
        }
        best.CopyTo(parameters, 0);
        return _stopping.BestState!;
    }
}
