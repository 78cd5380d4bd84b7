using System.Globalization;
using System.Text.Json;

namespace Mlp.Model;

/// <summary>
/// A model file described for `mlp info`: each source column with its inputs, scaling and what
/// a gap becomes (read from the same schema predict applies), the layers, the parameter count,
/// the training settings (including those `--epochs auto` and friends chose), the kept epoch
/// and the file format.
/// </summary>
internal static class ModelInfo
{
    public static void WriteJson(Utf8JsonWriter json, MlpModel model, string path)
    {
        var schema = model.Schema;
        json.WriteStartObject();
        json.WriteString("model", path);
        json.WriteString("format", model.Format);
        json.WriteString("task", schema.Task.Name());
        json.WriteString("target", schema.TargetName);
        json.WriteStringArray("classes", schema.Classes);
        JsonOutput.PositiveClass(json, schema);
        json.WriteNumber("inputs", schema.InputCount);
        json.WriteNumber("parameters", model.Network.Parameters.Length);
        if (model.Settings.Ensemble > 1)
        {
            json.WriteNumber("members", model.Settings.Ensemble);
            json.WriteNumber("parameters_per_member", MemberParameters(model));
        }
        json.WriteStartArray("features");
        int input = 0;
        foreach (var source in schema.Sources)
        {
            json.WriteStartObject();
            json.WriteString("name", source.Name);
            json.WriteString("encoding", source.IsCategorical ? "one-hot" : "numeric");
            json.WriteStringArray("inputs", source.EncodedNames);
            if (source.Categories is { } categories)
            {
                json.WriteStringArray("categories", categories);
            }
            else if (model.InputScaling is { } scaling)
            {
                if (scaling.IsLogged(input))
                {
                    json.WriteNumber("log_scale", scaling.LogScale![input]);
                }
                json.WriteNumber("mean", scaling.Mean[input]);
                json.WriteNumber("std", scaling.Std[input]);
            }
            json.WriteString("missing", Gap(model, source, input));
            json.WriteEndObject();
            input += source.Width;
        }
        json.WriteEndArray();
        ModelConfig.WriteLayers(json, model);
        ModelConfig.WriteTraining(json, model.Settings);
        if (model.History is { } history)
        {
            json.WriteNumber("kept_epoch", history.KeptEpoch);
            json.WriteNumber(
                "epochs_run",
                history.Epochs.Count == 0 ? 0 : history.Epochs[^1].Epoch
            );
        }
        else
        {
            json.WriteNull("kept_epoch");
            json.WriteNull("epochs_run");
        }
        json.WriteEndObject();
    }

    public static void WriteText(TextWriter output, MlpModel model, string path)
    {
        var schema = model.Schema;
        var settings = model.Settings;
        var text = CultureInfo.InvariantCulture;
        string members =
            settings.Ensemble > 1
                ? string.Create(
                    text,
                    $" stored, {settings.Ensemble} members of {MemberParameters(model):N0} each"
                )
                : "";
        output.WriteLine(
            string.Create(
                text,
                $"model     {path} (format {model.Format}, {model.Network.Parameters.Length:N0} parameters{members})"
            )
        );
        output.WriteLine($"task      {schema.Task.Name()}{schema.ClassesNote(20)}");
        output.WriteLine($"target    {schema.TargetName}");
        output.WriteLine(
            $"features  {schema.Sources.Length} columns, {schema.InputCount} inputs{(model.InputScaling is null ? ", not standardized" : ", standardized")}"
        );
        int width = Math.Min(24, schema.Sources.Max(s => s.Name.Length));
        int input = 0;
        foreach (var source in schema.Sources)
        {
            string encoding =
                source.Categories is { } categories
                    ? $"one-hot, {categories.Length} categories: {TextList.Of(categories, 8)}"
                : model.InputScaling is { } scaling
                    ? string.Create(
                        text,
                        $"numeric, {LogText(scaling, input)}mean {scaling.Mean[input]:G6}, std {scaling.Std[input]:G6}"
                    )
                : "numeric";
            output.WriteLine(
                $"  {source.Name.PadRight(width)}  {encoding}; a gap: {Gap(model, source, input)}"
            );
            input += source.Width;
        }
        string widths = string.Join(
            "-",
            model.Network.Layers.Select(l => l.InputCount).Append(model.Network.OutputCount)
        );
        string activations = string.Join(
            ", ",
            model.Network.Layers.SkipLast(1).Select(l => l.Activation.Name())
        );
        output.WriteLine(
            $"network   {widths} ({(activations.Length == 0 ? "no hidden layer" : activations)}, {ActivationNames.OutputActivation(schema.Task)} output){EnsembleNote(settings)}"
        );
        string epochs = settings.AutoEpochs
            ? $"{settings.Epochs} (auto: early stopping on a held-out 20 %, then every row)"
            : $"{settings.Epochs}";
        output.WriteLine(
            string.Create(
                text,
                $"training  {TrainingSettings.OptimizerName(settings.Optimizer)} lr {settings.LearningRate}, batch {(settings.BatchSize == 0 ? "full" : settings.BatchSize.ToString(text))}, epochs {epochs}, seed {settings.Seed}, l2 {settings.L2}, dropout {settings.Dropout}{(settings.LabelSmoothing is > 0 and float smoothing ? ", label smoothing " + smoothing.ToString(CultureInfo.InvariantCulture) : "")}, init {TrainingSettings.InitName(settings.Init)}, missing {settings.Missing}{(settings.AutoHidden ? ", width chosen on held-out rows" : "")}"
            )
        );
        if (model.History is { } history)
        {
            output.WriteLine($"kept      epoch {history.KeptEpoch}");
        }
    }

    /// <summary>"; an ensemble of K networks of 128-128 joined into one", or "" for one network: the summary's and info's network lines.</summary>
    public static string EnsembleNote(TrainingSettings settings) =>
        settings.Ensemble > 1
            ? $"; an ensemble of {settings.Ensemble} networks of {string.Join("-", settings.Hidden)} joined into one"
            : "";

    /// <summary>An ensemble member's own parameters (the joined network stores zeros between the blocks).</summary>
    private static int MemberParameters(MlpModel model) =>
        Network<float>
            .Create(
                model.Schema.InputCount,
                model.Settings.Hidden,
                model.Schema.OutputCount,
                model.Settings.Activation
            )
            .Parameters.Length;

    /// <summary>What a missing value of this column becomes, as predict reads the model.</summary>
    public static string Gap(MlpModel model, SourceFeature source, int input)
    {
        if (source.Categories?.Contains(SourceFeature.Missing) == true)
        {
            return "the category (missing)";
        }
        if (model.Schema.Impute is not { } impute)
        {
            return "refused (--missing error)";
        }
        if (source.IsCategorical)
        {
            var fill = impute.AsSpan(input, source.Width).ToArray();
            int one = Array.IndexOf(fill, 1.0);
            return one >= 0 && fill.Count(v => v != 0) == 1
                ? $"its commonest category, {source.Categories![one]}"
                : "the categories' training shares";
        }
        string value = impute[input].ToString("G6", CultureInfo.InvariantCulture);
        return source.MissingIndicator
            ? $"{value}, with {source.Name}={SourceFeature.Missing} set to 1"
            : value;
    }

    /// <summary>"log(1 + x / s), then " for a log-transformed input (whose mean and std are the log's), else "".</summary>
    public static string LogText(Standardization scaling, int input) =>
        scaling.IsLogged(input)
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"log(1 + x / {scaling.LogScale![input]:G6}), then "
            )
            : "";
}
