using System.Globalization;
using Mlp.Data;
using Mlp.Metrics;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

/// <summary>What `mlp train` reports on stdout, as text or as the contract's JSON.</summary>
internal sealed class TrainSummary(
    TrainingResult result,
    TrainedData data,
    double loadSeconds,
    string modelPath
)
{
    public void WriteJson(TextWriter output) =>
        JsonOutput.Write(
            output,
            json =>
            {
                var schema = data.Schema;
                json.WriteStartObject();
                json.WriteString("task", schema.Task.Name());
                json.WriteNumber("rows", data.Rows);
                json.WriteNumber("features", schema.InputCount);
                json.WriteStringArray("feature_names", schema.FeatureNames);
                json.WriteStringArray("classes", schema.Classes);
                JsonOutput.PositiveClass(json, schema);
                json.WriteNumber("epochs_run", result.EpochsRun);
                json.WriteNumber("best_epoch", result.KeptEpoch);
                json.WriteNumber("steps", result.Steps);
                json.WriteNumber("train_seconds", result.TrainSeconds);
                json.WriteNumber("load_seconds", loadSeconds);
                json.WriteNumber("final_loss", result.FinalLoss);
                // What final_loss and val_loss measure; metrics are in the target's own units.
                json.WriteString("loss", LossFunction.DisplayName(schema.Task));
                JsonOutput.NumberOrNull(json, "val_loss", result.ValidationLoss);
                JsonOutput.Metrics(json, result.TrainingMetrics);
                if (result.ValidationMetrics is { } validation)
                {
                    JsonOutput.Metrics(json, validation, "validation_metrics");
                }
                else
                {
                    json.WriteNull("validation_metrics");
                }
                data.Streamed?.WriteJson(json, result);
                ChosenDefaults.WriteJson(json, result, schema, data.Mixed);
                json.WriteString("model", modelPath);
                json.WriteEndObject();
            }
        );

    public void WriteText(TextWriter output)
    {
        var schema = data.Schema;
        var network = result.Model.Network;
        var settings = result.Model.Settings;
        string widths = string.Join(
            "-",
            network.Layers.Select(l => l.InputCount).Append(network.OutputCount)
        );
        string hidden =
            network.Layers.Length == 1
                ? "no hidden layer"
                : $"{settings.Activation.Name()} hidden layers";
        string batch =
            settings.BatchSize == 0
                ? "full"
                : settings.BatchSize.ToString(CultureInfo.InvariantCulture);
        var text = CultureInfo.InvariantCulture;
        output.WriteLine($"task      {schema.Task.Name()}{schema.ClassesNote(10)}");
        output.WriteLine(
            string.Create(
                text,
                $"data      {data.File}: {data.Rows} rows, {schema.InputCount} inputs from {schema.Sources.Length} columns, read in {loadSeconds:0.###} s"
            )
        );
        output.WriteLine(
            string.Create(
                text,
                $"network   {widths} ({hidden}), {TrainingSettings.OptimizerName(settings.Optimizer)} lr {settings.LearningRate}, batch {batch}{ModelInfo.EnsembleNote(settings)}"
            )
        );
        string validation = result.ValidationLoss is double v
            ? string.Create(text, $", validation loss {v:0.######}")
            : "";
        output.WriteLine(
            string.Create(
                text,
                $"training  {result.EpochsRun} epochs{(settings.Ensemble > 1 ? " each" : "")}, {result.Steps} steps in {result.TrainSeconds:0.###} s; epoch {result.KeptEpoch} kept: loss {result.FinalLoss:0.######}{(settings.Ensemble > 1 ? " (the first member's)" : "")}{validation}"
            )
        );
        if (data.Streamed is { } streamed)
        {
            output.WriteLine(streamed.Line(result));
        }
        if (ChosenDefaults.WidthLine(result) is string width)
        {
            output.WriteLine(width);
        }
        if (ChosenDefaults.EpochsLine(result) is string epochs)
        {
            output.WriteLine(epochs);
        }
        if (ChosenDefaults.LoggedColumns(result.Model) is { Length: > 0 } logged)
        {
            output.WriteLine(
                $"inputs    log(1 + x / median) before standardizing, for the heavy-tailed {TextList.Of(logged, 6)}"
            );
        }
        output.WriteLine(
            $"loss      {LossFunction.DisplayName(schema.Task)}{(schema.Task == TaskKind.Regression ? ": the mse over the training target's variance; the metrics below are in the target's units" : "")}{SmoothingNote(settings)}"
        );
        output.WriteLine($"metrics   {MetricsText.Inline(result.TrainingMetrics)} (training rows)");
        if (result.ValidationMetrics is { } validationMetrics)
        {
            output.WriteLine(
                $"          {MetricsText.Inline(validationMetrics)} (validation rows)"
            );
        }
        output.WriteLine($"model     {modelPath}");
    }

    /// <summary>The loss line's note on label smoothing, when the run smoothed.</summary>
    private static string SmoothingNote(TrainingSettings settings) =>
        settings.LabelSmoothing is > 0 and float smoothing
            ? string.Create(
                CultureInfo.InvariantCulture,
                $", label smoothing {smoothing} (the losses above; the metrics below are against the plain labels){(settings.LogitScale != 1 ? $", then the logits × {settings.LogitScale:0.###}, the held-out rows' best log loss" : "")}"
            )
            : "";
}
