using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// The learning rate of each epoch, as PyTorch's schedulers step once per epoch:
/// <c>constant</c>; <c>step</c> (StepLR: × factor every <c>step</c> epochs); <c>cosine</c>
/// (CosineAnnealingLR over the run's epochs, down to the floor); <c>plateau</c>
/// (ReduceLROnPlateau: × factor, not below the floor, once the monitored quantity has not
/// improved by more than 1e-4 of its best for more than <c>patience</c> epochs; the quantity is
/// the validation loss, or the validation metric with --monitor metric, else the training loss).
/// </summary>
internal sealed class LearningRateSchedule(TrainingSettings settings)
{
    private const double Threshold = 1e-4;

    /// <summary>The rate the next epoch trains with.</summary>
    public float Current { get; private set; } = settings.LearningRate;

    /// <summary>Plateau: the best monitored value so far and the epochs since it.</summary>
    public double Best { get; private set; } = double.NaN;
    public int BadEpochs { get; private set; }

    /// <summary>Sets the rate for epoch <paramref name="epoch"/> (1-based) of a run of <paramref name="epochs"/>.</summary>
    public void StartEpoch(int epoch, int epochs)
    {
        float initial = settings.LearningRate;
        switch (settings.Schedule)
        {
            case LrSchedule.Step:
                Current = (float)(
                    initial * Math.Pow(settings.LrFactor, (epoch - 1) / settings.LrStep)
                );
                break;
            case LrSchedule.Cosine:
                double floor = settings.LrMin;
                Current = (float)(
                    floor + (initial - floor) * (1 + Math.Cos(Math.PI * (epoch - 1) / epochs)) / 2
                );
                break;
        }
    }

    /// <summary>After an epoch: plateau's bookkeeping (lower is better unless <paramref name="higherIsBetter"/>).</summary>
    public void EndEpoch(double monitored, bool higherIsBetter)
    {
        if (settings.Schedule != LrSchedule.Plateau || !double.IsFinite(monitored))
        {
            return;
        }
        double signed = higherIsBetter ? -monitored : monitored;
        if (double.IsNaN(Best) || signed < Best - Threshold * Math.Abs(Best))
        {
            (Best, BadEpochs) = (signed, 0);
            return;
        }
        if (++BadEpochs > settings.LrPatience)
        {
            Current = Math.Max(Current * settings.LrFactor, settings.LrMin);
            BadEpochs = 0;
        }
    }

    /// <summary>Continues a saved run's plateau state and rate.</summary>
    public void Restore(float current, double best, int badEpochs) =>
        (Current, Best, BadEpochs) = (current, best, badEpochs);

    public static string Name(LrSchedule schedule) => TrainingSettings.Schedules.Name(schedule);

    public static LrSchedule? Parse(string name) => TrainingSettings.Schedules.Parse(name);
}
