using System.Globalization;
using Mlp.Data;
using Mlp.Model;
using Mlp.Training;
using Spectre.Console;

namespace Mlp.Cli.Commands;

/// <summary>
/// The progress bars of `mlp train` on a terminal's stderr (Spectre.Console): epoch, loss,
/// rows per second, the bar and the time left. Only shown when stderr is a terminal, so
/// redirected output never holds escape codes; colours follow NO_COLOR.
/// </summary>
internal static class TrainingProgress
{
    public static TrainingResult Run(
        TextWriter error,
        int epochs,
        long rowsPerEpoch,
        Func<Action<EpochRecord>, TrainingResult> train
    )
    {
        TrainingResult? result = null;
        TerminalConsole
            .For(error)
            .Progress()
            .AutoClear(false)
            .Columns(TerminalConsole.ProgressColumns())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: epochs);
                result = train(record =>
                {
                    double rowsPerSecond =
                        record.Seconds > 0 ? record.Epoch * rowsPerEpoch / record.Seconds : 0;
                    string validation = record.ValidationLoss is double v
                        ? string.Create(CultureInfo.InvariantCulture, $"  val {v:0.0000}")
                        : "";
                    task.Description = string.Create(
                        CultureInfo.InvariantCulture,
                        $"epoch {record.Epoch}/{epochs}  loss {record.TrainLoss:0.0000}{validation}  {Rate(rowsPerSecond)} rows/s"
                    );
                    task.Value = record.Epoch;
                });
                task.Value = epochs;
            });
        return result!;
    }

    /// <summary>
    /// Several trainings at once (cross-validation's folds, a sweep's combinations) under one
    /// bar over all their epochs, with a line per finished model when <paramref name="lines"/>
    /// (above the bar on a terminal): <paramref name="line"/> of its index, how many are done
    /// and its result.
    /// </summary>
    public static TrainingOutcome[] RunMany(
        CliContext context,
        bool lines,
        int count,
        Func<int, Dataset> dataOf,
        Func<int, TrainingSettings> settingsOf,
        int threads,
        Func<int, int, TrainingResult, string> line
    ) =>
        RunMany(
            context,
            lines,
            count,
            i => settingsOf(i).Epochs,
            (i, onEpoch) =>
                Trainer.Train(
                    dataOf(i),
                    settingsOf(i),
                    onEpoch,
                    context.Cancel,
                    trackMetric: false
                ),
            threads,
            threads,
            line
        );

    /// <summary>As above, each run by <paramref name="train"/>, <paramref name="concurrent"/> at a time.</summary>
    public static TrainingOutcome[] RunMany(
        CliContext context,
        bool lines,
        int count,
        Func<int, int> epochsOf,
        Func<int, Action<EpochRecord>?, TrainingResult> train,
        int threads,
        int concurrent,
        Func<int, int, TrainingResult, string> line
    )
    {
        if (count == 0)
        {
            return [];
        }
        int done = 0;
        var counter = new WorkCounter();
        return WorkProgress.Show(
            lines ? context : context.AsQuiet(),
            counter,
            () =>
                ParallelTraining.Run(
                    count,
                    epochsOf,
                    train,
                    threads,
                    concurrent,
                    (i, result) =>
                    {
                        done++;
                        if (lines)
                        {
                            counter.Note(line(i, done, result), context.Error);
                        }
                    },
                    context.Cancel,
                    counter
                )
        );
    }

    private static string Rate(double perSecond) =>
        perSecond >= 1e6 ? string.Create(CultureInfo.InvariantCulture, $"{perSecond / 1e6:0.0}M")
        : perSecond >= 1e3 ? string.Create(CultureInfo.InvariantCulture, $"{perSecond / 1e3:0.0}k")
        : perSecond.ToString("0", CultureInfo.InvariantCulture);
}
