using System.Globalization;
using System.Text.Json;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

/// <summary>
/// What `mlp train` chose from the data where the user left a default: the epoch count (and
/// the held-out rows it was chosen on), the ensemble's size, how gaps were filled, and how each
/// text column was encoded. Written as `train --json`'s "chosen" and as the summary's "epochs" line.
/// </summary>
internal static class ChosenDefaults
{
    /// <param name="mixed">The columns of numbers whose texts were read as gaps, and the mixed columns read as categories.</param>
    public static void WriteJson(
        Utf8JsonWriter json,
        TrainingResult result,
        Schema schema,
        MixedColumns.Reading mixed
    )
    {
        string ensembleRule = !result.AutoEnsemble
            ? "fixed"
            : $"auto: {Ensemble.AutoRowBudget} / training rows, from 1 to {Ensemble.MaxAutoMembers}";
        var settings = result.Model.Settings;
        json.WriteStartObject("chosen");
        json.WriteStartObject("epochs");
        if (result.EpochChoice is { } choice)
        {
            json.WriteString(
                "rule",
                !choice.Searched ? "fixed-small-data"
                    : choice.Refit ? "early-stopping-then-refit"
                    : "early-stopping-streamed"
            );
            json.WriteNumber("epochs", choice.Epochs);
            if (choice.Searched)
            {
                json.WriteNumber("search_epochs_run", choice.EpochsRun);
                json.WriteNumber("validation_share", EpochSearch.ValidationShare);
                json.WriteNumber("validation_rows", choice.ValidationRows);
                json.WriteBoolean(
                    "stratified",
                    choice.Refit && settings.Stratify && schema.Task != TaskKind.Regression
                );
                json.WriteNumber("patience", EpochSearch.Patience);
                JsonOutput.NumberOrNull(json, "validation_loss", choice.ValidationLoss);
                if (choice.ValidationMetrics is { } metrics)
                {
                    JsonOutput.Metrics(json, metrics, "validation_metrics");
                }
            }
        }
        else
        {
            json.WriteString("rule", "fixed");
            json.WriteNumber("epochs", settings.Epochs);
        }
        json.WriteEndObject();
        json.WriteStartObject("network");
        json.WriteNumberArray("hidden", settings.Hidden);
        json.WriteString("activation", settings.Activation.Name());
        json.WriteString("rule", settings.AutoHidden ? $"auto: {AutoCapacity.Rule}" : "fixed");
        if (result.Capacity is { } candidates)
        {
            json.WriteStartArray("candidates");
            foreach (var candidate in candidates)
            {
                json.WriteStartObject();
                json.WriteNumberArray("hidden", candidate.Hidden);
                JsonOutput.NumberOrNull(json, "validation_loss", candidate.ValidationLoss);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteStartObject("label_smoothing");
        json.WriteNumber("value", settings.LabelSmoothing ?? 0);
        json.WriteNumber("logit_scale", settings.LogitScale);
        json.WriteString(
            "rule",
            result.AutoLabelSmoothing
                ? string.Create(
                    CultureInfo.InvariantCulture,
                    $"auto: {SmoothingRule.Multiclass} for multiclass under --epochs auto, else 0"
                )
                : "fixed"
        );
        json.WriteEndObject();
        json.WriteStartObject("ensemble");
        json.WriteNumber("members", settings.Ensemble);
        json.WriteString("rule", ensembleRule);
        json.WriteEndObject();
        json.WriteStartObject("missing");
        json.WriteString("rule", settings.Missing);
        json.WriteStringArray(
            "indicators",
            [.. schema.Sources.Where(s => s.MissingIndicator).Select(s => s.Name)]
        );
        json.WriteStringArray(
            "missing_category",
            [
                .. schema
                    .Sources.Where(s => s.Categories?.Contains(SourceFeature.Missing) == true)
                    .Select(s => s.Name),
            ]
        );
        json.WriteStringArray("texts_as_gaps", mixed.TextsAsGaps);
        json.WriteStringArray("mixed_as_categories", mixed.AsCategories);
        json.WriteEndObject();
        json.WriteStartObject("encodings");
        foreach (var source in schema.Sources.Where(s => s.IsCategorical))
        {
            json.WriteStartObject(source.Name);
            json.WriteString("kind", "one-hot");
            json.WriteNumber("categories", source.Width);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("log_inputs");
        json.WriteString(
            "rule",
            settings.LogInputs
                ? $"auto: log(1 + x / median) where a column is >= 0 and its largest value is over {LogTransform.TailRatio}x its median"
                : "off"
        );
        json.WriteStringArray("columns", LoggedColumns(result.Model));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The source columns whose input is log-transformed before it is standardized.</summary>
    public static string[] LoggedColumns(MlpModel model)
    {
        var logged = new List<string>();
        int input = 0;
        foreach (var source in model.Schema.Sources)
        {
            if (!source.IsCategorical && model.InputScaling?.IsLogged(input) == true)
            {
                logged.Add(source.Name);
            }
            input += source.Width;
        }
        return [.. logged];
    }

    /// <summary>The summary's line on how --hidden auto chose the shape; null when it was given or only one was tried.</summary>
    public static string? WidthLine(TrainingResult result) =>
        result.Capacity is { Length: > 1 } candidates
            ? "width     auto: "
                + string.Join(
                    ", ",
                    candidates.Select(c =>
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"{string.Join(",", c.Hidden)} reached validation loss {c.ValidationLoss:0.######}"
                        )
                    )
                )
                + $"; {string.Join(",", result.Model.Settings.Hidden)} kept"
            : null;

    /// <summary>The summary's line on how the epoch count was chosen; null when it was given.</summary>
    public static string? EpochsLine(TrainingResult result) =>
        result.EpochChoice switch
        {
            null => null,
            { Searched: false } choice => string.Create(
                CultureInfo.InvariantCulture,
                $"epochs    auto: {choice.Epochs}, fixed (under {EpochSearch.MinRows} rows, too few to hold some out)"
            ),
            { Refit: false } choice => string.Create(
                CultureInfo.InvariantCulture,
                $"epochs    auto: epoch {choice.Epochs} was best of {choice.EpochsRun} on {choice.ValidationRows} held-out rows (validation loss {choice.ValidationLoss:0.######}), and is kept"
            ),
            var choice => string.Create(
                CultureInfo.InvariantCulture,
                $"epochs    auto: epoch {choice.Epochs} was best of {choice.EpochsRun} on {choice.ValidationRows} held-out rows (validation loss {choice.ValidationLoss:0.######}); then {choice.Epochs} epochs on every row"
            ),
        };
}
