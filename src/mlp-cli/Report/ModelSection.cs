using Mlp.Cli.Plot;
using Mlp.Model;
using static Mlp.Cli.Report.HtmlText;

namespace Mlp.Cli.Report;

/// <summary>The model: task, features and their encodings, layers, training settings, the loss curve.</summary>
internal static class ModelSection
{
    /// <summary>More features than this are listed in part (a table of 784 pixels helps no one).</summary>
    public const int MaxListedFeatures = 60;

    public static void Write(HtmlReport report, ReportData data)
    {
        var model = data.Model;
        var schema = model.Schema;
        report.Section(
            "model",
            "Model",
            "What the network reads and how it was trained: each feature's encoding and scaling, the layers from input to output, and the loss per epoch with the epoch whose weights the file holds.",
            () =>
            {
                report.Facts([
                    ("task", Escape(Task(schema))),
                    ("target", Escape(schema.TargetName)),
                    ("network", Escape(Shape(model.Network))),
                    ("parameters", Count(model.Network.Parameters.Length)),
                ]);
                report.Heading("Layers");
                report.Table(
                    ["layer", "inputs", "units", "activation", "weights and biases"],
                    model.Network.Layers.Select(
                        (layer, l) =>
                            (IReadOnlyList<string>)
                                [
                                    l == model.Network.Layers.Length - 1
                                        ? "output"
                                        : $"hidden {l + 1}",
                                    Count(layer.InputCount),
                                    Count(layer.OutputCount),
                                    Escape(
                                        l == model.Network.Layers.Length - 1
                                            ? ActivationNames.OutputActivation(schema.Task)
                                            : layer.Activation.Name()
                                    ),
                                    Count((layer.InputCount + 1) * layer.OutputCount),
                                ]
                    ),
                    "data",
                    3
                );
                Features(report, model);
                report.Heading("Training settings");
                report.Facts(Settings(model.Settings));
                History(report, model);
            }
        );
    }

    public static string Task(Schema schema) =>
        schema.Task == TaskKind.Regression
            ? "regression"
            : $"{schema.Task.Name()} classification, classes {string.Join(", ", schema.Classes)}";

    private static string Shape(Network<float> network) =>
        string.Join(
            "-",
            new[] { network.InputCount }.Concat(network.Layers.Select(l => l.OutputCount))
        );

    private static void Features(HtmlReport report, MlpModel model)
    {
        var schema = model.Schema;
        report.Heading(
            $"Features ({schema.Sources.Length} columns, {model.Network.InputCount} inputs)"
        );
        var rows = new List<IReadOnlyList<string>>();
        int input = 0;
        foreach (var source in schema.Sources.Take(MaxListedFeatures))
        {
            string encoding =
                source.Categories is { } categories
                    ? $"one-hot, {categories.Length} categories: {Escape(Abbreviated(categories))}"
                : source.MissingIndicator ? "numeric, with a missing-indicator input"
                : "numeric";
            string mean = "–",
                std = "–";
            if (!source.IsCategorical && model.InputScaling is { } scaling)
            {
                (mean, std) = (Number(scaling.Mean[input]), Number(scaling.Std[input]));
                if (scaling.IsLogged(input))
                {
                    encoding +=
                        $", {ModelInfo.LogText(scaling, input)}standardized (the mean and std are the log's)";
                }
            }
            rows.Add([
                Escape(source.Name),
                encoding,
                mean,
                std,
                Escape(ModelInfo.Gap(model, source, input)),
            ]);
            input += source.Width;
        }
        report.Table(
            ["feature", "encoding", "training mean", "training std", "a missing value becomes"],
            rows,
            "data",
            1,
            4
        );
        if (schema.Sources.Length > MaxListedFeatures)
        {
            report.Note(
                $"The first {MaxListedFeatures} of {schema.Sources.Length} features are listed."
            );
        }
        if (model.InputScaling is null)
        {
            report.Note("The inputs are not standardized (trained with --no-standardize).");
        }
    }

    private static string Abbreviated(string[] categories) =>
        categories.Length <= 6
            ? string.Join(", ", categories)
            : string.Join(", ", categories.Take(5)) + $", … ({categories.Length - 5} more)";

    private static IEnumerable<(string, string)> Settings(TrainingSettings s)
    {
        yield return (
            "optimizer",
            Escape(
                $"{TrainingSettings.OptimizerName(s.Optimizer)}, learning rate {Number(s.LearningRate)}"
            )
        );
        yield return (
            "learning-rate schedule",
            Escape(Training.LearningRateSchedule.Name(s.Schedule))
        );
        yield return ("batch size", s.BatchSize <= 0 ? "full batch" : Count(s.BatchSize));
        yield return ("epochs asked for", Count(s.Epochs));
        yield return ("initialization", Escape(TrainingSettings.InitName(s.Init)));
        yield return ("L2 penalty", Number(s.L2));
        yield return ("dropout", Number(s.Dropout));
        yield return (
            "validation",
            s.Validation > 0
                ? Escape(
                    $"{Number(s.Validation * 100)} % of the rows{(s.Patience is int p ? $", early stopping after {p} epochs without improvement of the validation {(s.Monitor == MonitorKind.Metric ? "metric" : "loss")}" : "")}"
                )
                : "none"
        );
        yield return ("class weights", Escape(s.ClassWeight ?? "none"));
        yield return ("seed", s.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void History(HtmlReport report, MlpModel model)
    {
        report.Heading("Loss per epoch");
        if (model.History is not { Epochs.Count: > 0 } history)
        {
            report.Note(
                "This model file does not store its training history (it was written before format mlp/3): retrain it with this version to see the loss curve."
            );
            return;
        }
        var kept = history.Epochs.First(e => e.Epoch == history.KeptEpoch);
        string lossName = LossFunction.DisplayName(model.Schema.Task);
        report.Picture(
            LossChart.Draw(history.Epochs, lossName, history.KeptEpoch),
            $"{history.Epochs.Count} epochs; the file holds epoch {history.KeptEpoch}'s weights: training {lossName} {Number(kept.TrainLoss)}"
                + (kept.ValidationLoss is double v ? $", validation {lossName} {Number(v)}" : "")
                + "."
        );
    }
}
