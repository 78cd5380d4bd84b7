using Mlp.Data;
using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// How --epochs auto chose the epoch count: the early-stopping run's kept epoch out of the
/// epochs it ran, on how many held-out rows, with their loss and metrics; or, where the data
/// is too small to hold rows out, a fixed count.
/// </summary>
internal sealed record EpochChoice(
    int Epochs,
    bool Searched,
    int EpochsRun,
    int ValidationRows,
    double? ValidationLoss,
    MetricSet? ValidationMetrics
)
{
    /// <summary>Whether the model was then trained again on every row for the chosen count (not for streamed data, which has rows to spare).</summary>
    public bool Refit { get; init; } = true;
}

/// <summary>
/// --epochs auto: train with early stopping on a held-out share of the rows (stratified for
/// classification) to find the best epoch; the model is then trained again from the same
/// start on every row for that many epochs, so that small data sets do not lose a fifth of
/// their rows.
/// </summary>
internal static class EpochSearch
{
    public const float ValidationShare = 0.2f;
    public const int Patience = 10;
    public const int MaxEpochs = 200;

    /// <summary>Below this many rows, a fixed <see cref="SmallDataEpochs"/> instead: too few to hold some out.</summary>
    public const int MinRows = 50;
    public const int SmallDataEpochs = 100;

    public delegate TrainingResult Pass(Dataset data, TrainingSettings settings, bool final);

    /// <summary>The search run's cost and what it chose; <see cref="Settings"/> train the final model on every row.</summary>
    public sealed record Outcome(
        TrainingSettings Settings,
        EpochChoice Choice,
        long Steps,
        double TrainSeconds
    );

    public static Outcome Choose(Dataset data, TrainingSettings settings, Pass train)
    {
        var final = settings with { Validation = 0, Patience = null };
        var searching = settings with
        {
            Epochs = MaxEpochs,
            Validation = ValidationShare,
            Patience = Patience,
        };
        if (data.Rows < MinRows || data.ValidationRows > 0)
        {
            return Fixed(final);
        }
        if (!Splits(data, searching))
        {
            // Classes of one or two rows each hold none out: a plain random split instead.
            searching = searching with
            {
                Stratify = false,
            };
            final = final with { Stratify = false };
        }
        if (!Splits(data, searching))
        {
            return Fixed(final);
        }
        var search = train(data.Copy(), searching, false);
        float scale =
            searching.LabelSmoothing is > 0 && data.Schema.Task != TaskKind.Regression
                ? LogitScale.Fit(search.Model, data, Trainer.Split(data, searching).Validation)
                : 1;
        return new Outcome(
            final with
            {
                Epochs = search.KeptEpoch,
                LogitScale = scale,
            },
            new EpochChoice(
                search.KeptEpoch,
                true,
                search.EpochsRun,
                Trainer.ValidationRowCount(data, searching),
                search.ValidationLoss,
                search.ValidationMetrics
            ),
            search.Steps,
            search.TrainSeconds
        );
    }

    private static Outcome Fixed(TrainingSettings final) =>
        new(
            final with
            {
                Epochs = SmallDataEpochs,
            },
            new EpochChoice(SmallDataEpochs, false, 0, 0, null, null),
            0,
            0
        );

    /// <summary>Whether the held-out split leaves rows on both sides.</summary>
    private static bool Splits(Dataset data, TrainingSettings searching)
    {
        try
        {
            Trainer.Split(data, searching);
            return true;
        }
        catch (InvalidSettingException)
        {
            return false;
        }
    }
}
