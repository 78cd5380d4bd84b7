using System.Text.Json;
using Mlp.Kernels;

namespace Mlp.Model;

/// <summary>
/// The model's `config` metadata: a JSON string holding everything that is not a tensor
/// (task, features and their encodings, classes, layer shapes, training settings).
/// </summary>
internal static class ModelConfig
{
    public static string Write(MlpModel model)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var schema = model.Schema;
            var settings = model.Settings;
            json.WriteStartObject();
            json.WriteString("task", schema.Task.Name());
            json.WriteString("target", schema.TargetName);
            json.WriteStringArray("classes", schema.Classes);
            json.WriteBoolean("classes_are_numbers", schema.ClassesAreNumbers);
            json.WriteStringArray("features", schema.FeatureNames);
            json.WriteStartArray("sources");
            foreach (var source in schema.Sources)
            {
                json.WriteStartObject();
                json.WriteString("name", source.Name);
                if (source.Categories is null)
                {
                    json.WriteNull("categories");
                }
                else
                {
                    json.WriteStringArray("categories", source.Categories);
                }
                if (source.MissingIndicator)
                {
                    json.WriteBoolean("missing_indicator", true);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            WriteNumbers(json, "impute", schema.Impute);
            // Exactly, in double: the float32 tensors input.mean etc. are rounded (an offset of 1e9 would lose its digits).
            WriteScaling(json, "input_scaling", model.InputScaling);
            WriteScaling(json, "target_scaling", model.TargetScaling);
            WriteLayers(json, model);
            WriteTraining(json, settings);
            WriteState(json, model.State);
            model.History?.Write(json);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The "layers" (in, out, activation of each) and the "output_activation" (mlp info shows them too).</summary>
    public static void WriteLayers(Utf8JsonWriter json, MlpModel model)
    {
        json.WriteStartArray("layers");
        foreach (var layer in model.Network.Layers)
        {
            json.WriteStartObject();
            json.WriteNumber("in", layer.InputCount);
            json.WriteNumber("out", layer.OutputCount);
            json.WriteString("activation", layer.Activation.Name());
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("output_activation", ActivationNames.OutputActivation(model.Schema.Task));
    }

    /// <summary>The "training" object: every setting the model was trained with (mlp info shows it too).</summary>
    public static void WriteTraining(Utf8JsonWriter json, TrainingSettings settings)
    {
        json.WriteStartObject("training");
        json.WriteNumberArray("hidden", settings.Hidden);
        json.WriteString("activation", settings.Activation.Name());
        json.WriteString("optimizer", TrainingSettings.OptimizerName(settings.Optimizer));
        json.WriteNumber("lr", settings.LearningRate);
        json.WriteNumber("momentum", settings.Momentum);
        json.WriteNumber("l2", settings.L2);
        json.WriteNumber("epochs", settings.Epochs);
        json.WriteBoolean("auto_epochs", settings.AutoEpochs);
        json.WriteBoolean("auto_hidden", settings.AutoHidden);
        json.WriteNumber("ensemble", settings.Ensemble);
        json.WriteNumber("batch_size", settings.BatchSize);
        json.WriteNumber("seed", settings.Seed);
        json.WriteNumber("validation", settings.Validation);
        WriteOptional(json, "patience", settings.Patience);
        WriteOptional(json, "stop_loss", settings.StopLoss);
        json.WriteBoolean("standardize", settings.Standardize);
        json.WriteBoolean("log_inputs", settings.LogInputs);
        json.WriteString("init", TrainingSettings.InitName(settings.Init));
        json.WriteBoolean("stratify", settings.Stratify);
        json.WriteString("monitor", TrainingSettings.Monitors.Name(settings.Monitor));
        json.WriteNumber("dropout", settings.Dropout);
        json.WriteNumber("label_smoothing", settings.LabelSmoothing ?? 0);
        json.WriteNumber("logit_scale", settings.LogitScale);
        json.WriteString("missing", settings.Missing);
        json.WriteBoolean("missing_category", settings.MissingCategory);
        json.WriteNumber("min_category_count", settings.MinCategoryCount);
        json.WriteNumber("max_categories", settings.MaxCategories);
        WriteOptionalText(json, "class_weight", settings.ClassWeight);
        WriteOptionalText(json, "sample_weight", settings.SampleWeight);
        json.WriteStartObject("lr_schedule");
        json.WriteString("name", Training.LearningRateSchedule.Name(settings.Schedule));
        json.WriteNumber("step", settings.LrStep);
        json.WriteNumber("factor", settings.LrFactor);
        json.WriteNumber("patience", settings.LrPatience);
        json.WriteNumber("min", settings.LrMin);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The training state's numbers (its moments are tensors).</summary>
    private static void WriteState(Utf8JsonWriter json, TrainingState? state)
    {
        if (state is null)
        {
            return;
        }
        json.WriteStartObject("state");
        json.WriteNumber("epochs_run", state.EpochsRun);
        json.WriteNumber("steps", state.Steps);
        json.WriteNumber("lr", state.LearningRate);
        JsonOutput.NumberOrNull(json, "plateau_best", state.PlateauBest);
        json.WriteNumber("plateau_bad_epochs", state.PlateauBadEpochs);
        json.WriteEndObject();
    }

    private static TrainingState? ReadState(JsonElement root, ModelFileReader.Fail fail)
    {
        if (!root.TryGetProperty("state", out var state))
        {
            return null;
        }
        var best = Required(state, "plateau_best", fail);
        return new TrainingState(
            (int)Number(state, "epochs_run", fail),
            Required(state, "steps", fail).TryInt64(out long steps)
                ? steps
                : throw fail("bad steps"),
            [],
            [],
            Number(state, "lr", fail),
            best.ValueKind == JsonValueKind.Number ? best.GetDouble() : double.NaN,
            (int)Number(state, "plateau_bad_epochs", fail)
        );
    }

    private static void WriteOptionalText(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, double[]? values)
    {
        if (values is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartArray(name);
        foreach (double v in values)
        {
            json.WriteNumberValue(v);
        }
        json.WriteEndArray();
    }

    private static void WriteScaling(Utf8JsonWriter json, string name, Standardization? scaling)
    {
        if (scaling is null)
        {
            return;
        }
        json.WriteStartObject(name);
        WriteNumbers(json, "mean", scaling.Mean);
        WriteNumbers(json, "std", scaling.Std);
        if (scaling.LogScale is { } logScale)
        {
            WriteNumbers(json, "log_scale", logScale);
        }
        json.WriteEndObject();
    }

    /// <summary>The exact scaling a config holds (models written before it was kept have none).</summary>
    private static Standardization? Scaling(
        JsonElement root,
        string name,
        ModelFileReader.Fail fail
    )
    {
        if (!root.TryGetProperty(name, out var scaling))
        {
            return null;
        }
        var mean = Doubles(Required(scaling, "mean", fail), fail);
        var logScale = scaling.TryGetProperty("log_scale", out var scales)
            ? Doubles(scales, fail)
            : null;
        if (logScale is not null && (logScale.Length != mean.Length || !AllAtLeastZero(logScale)))
        {
            throw fail($"\"{name}\" has a bad log_scale");
        }
        return new Standardization(mean, Doubles(Required(scaling, "std", fail), fail), logScale);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, float? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value.Value);
        }
    }

    /// <summary>The parts of a config that rebuild a model; shapes are checked against the tensors by the caller.</summary>
    public static (
        Schema Schema,
        LayerShape[] Layers,
        TrainingSettings Settings,
        Standardization? InputScaling,
        Standardization? TargetScaling,
        TrainingState? State,
        TrainingHistory? History
    ) Read(string configText, ModelFileReader.Fail fail)
    {
        using var document = ParseJson(configText, fail);
        var root = document.RootElement;
        var task =
            TaskNames.Parse(String(root, "task", fail))
            ?? throw fail("unknown task in the model config");
        var classes = Strings(Required(root, "classes", fail), fail);
        var sources = new List<SourceFeature>();
        foreach (var source in Array(root, "sources", fail).EnumerateArray())
        {
            var categories = Required(source, "categories", fail);
            sources.Add(
                new SourceFeature(
                    String(source, "name", fail),
                    categories.ValueKind == JsonValueKind.Null ? null : Strings(categories, fail),
                    MissingIndicator(source, fail)
                )
            );
        }
        var layerList = Array(root, "layers", fail);
        var layers = new LayerShape[layerList.GetArrayLength()];
        int index = 0;
        foreach (var layer in layerList.EnumerateArray())
        {
            var activation =
                ActivationNames.Parse(String(layer, "activation", fail))
                ?? throw fail("unknown activation in the model config");
            layers[index++] = new LayerShape(
                PositiveInt(layer, "in", fail),
                PositiveInt(layer, "out", fail),
                activation
            );
        }
        var impute = Required(root, "impute", fail);
        var schema = new Schema
        {
            Sources = sources.ToArray(),
            TargetName = String(root, "target", fail),
            Task = task,
            Classes = classes,
            ClassesAreNumbers =
                Required(root, "classes_are_numbers", fail).ValueKind == JsonValueKind.True,
            Impute = impute.ValueKind == JsonValueKind.Null ? null : Doubles(impute, fail),
        };
        var training = Required(root, "training", fail);
        var settings = new TrainingSettings
        {
            Hidden = Ints(Required(training, "hidden", fail), fail),
            Activation =
                ActivationNames.Parse(String(training, "activation", fail))
                ?? throw fail("unknown activation"),
            Optimizer =
                TrainingSettings.ParseOptimizer(String(training, "optimizer", fail))
                ?? throw fail("unknown optimizer"),
            LearningRate = Number(training, "lr", fail),
            Momentum = Number(training, "momentum", fail),
            L2 = Number(training, "l2", fail),
            Epochs = (int)Number(training, "epochs", fail),
            BatchSize = (int)Number(training, "batch_size", fail),
            Seed = Required(training, "seed", fail).TryInt64(out long seed)
                ? seed
                : throw fail("bad seed"),
            Validation = Number(training, "validation", fail),
            Patience = OptionalNumber(training, "patience", fail) is float p ? (int)p : null,
            StopLoss = OptionalNumber(training, "stop_loss", fail),
            Standardize = Required(training, "standardize", fail).ValueKind == JsonValueKind.True,
            // Models written before mlp/5 had no log transform.
            LogInputs =
                training.TryGetProperty("log_inputs", out var logInputs)
                && (
                    logInputs.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? logInputs.ValueKind == JsonValueKind.True
                        : throw fail("\"log_inputs\" is not true or false")
                ),
            // Models written before these were recorded were initialized He/Glorot, split unstratified.
            Init = training.TryGetProperty("init", out var init)
                ? TrainingSettings.ParseInit(
                    init.ValueKind == JsonValueKind.String ? init.GetString()! : ""
                ) ?? throw fail("unknown init")
                : Initialization.He,
            Stratify =
                training.TryGetProperty("stratify", out var stratify)
                && stratify.ValueKind == JsonValueKind.True,
            // Models written before the monitor was recorded watched the loss.
            Monitor = training.TryGetProperty("monitor", out var monitor)
                ? TrainingSettings.Monitors.Parse(
                    monitor.ValueKind == JsonValueKind.String ? monitor.GetString() : null
                ) ?? throw fail("unknown monitor")
                : MonitorKind.Loss,
        };
        // Models written before dropout and weights were recorded trained without them.
        if (training.TryGetProperty("dropout", out _))
        {
            settings = settings with { Dropout = Number(training, "dropout", fail) };
        }
        // Models written before label smoothing was recorded trained without it.
        if (training.TryGetProperty("label_smoothing", out _))
        {
            settings = settings with { LabelSmoothing = Number(training, "label_smoothing", fail) };
        }
        // ... and without a logit scale.
        if (training.TryGetProperty("logit_scale", out _))
        {
            settings = settings with { LogitScale = Number(training, "logit_scale", fail) };
        }
        settings = settings with
        {
            // Models written before these were recorded imputed with the mean when they imputed.
            Missing =
                OptionalText(training, "missing") ?? (schema.Impute is null ? "error" : "mean"),
            MissingCategory =
                training.TryGetProperty("missing_category", out var missingCategory)
                && missingCategory.ValueKind == JsonValueKind.True,
            AutoEpochs =
                training.TryGetProperty("auto_epochs", out var autoEpochs)
                && autoEpochs.ValueKind == JsonValueKind.True,
            Ensemble = OptionalPositiveInt(training, "ensemble", fail) ?? 1,
            AutoHidden =
                training.TryGetProperty("auto_hidden", out var autoHidden)
                && autoHidden.ValueKind == JsonValueKind.True,
            // Models written before categories were grouped kept every one.
            MinCategoryCount = OptionalPositiveInt(training, "min_category_count", fail) ?? 1,
            MaxCategories = OptionalPositiveInt(training, "max_categories", fail) ?? int.MaxValue,
            ClassWeight = OptionalText(training, "class_weight"),
            SampleWeight = OptionalText(training, "sample_weight"),
        };
        // Models written before schedules were recorded trained at a constant rate.
        if (training.TryGetProperty("lr_schedule", out var schedule))
        {
            settings = settings with
            {
                Schedule =
                    Training.LearningRateSchedule.Parse(String(schedule, "name", fail))
                    ?? throw fail("unknown lr_schedule"),
                LrStep = (int)Number(schedule, "step", fail),
                LrFactor = Number(schedule, "factor", fail),
                LrPatience = (int)Number(schedule, "patience", fail),
                LrMin = Number(schedule, "min", fail),
            };
        }
        return (
            schema,
            layers,
            settings,
            Scaling(root, "input_scaling", fail),
            Scaling(root, "target_scaling", fail),
            ReadState(root, fail),
            TrainingHistory.Read(root, fail)
        );
    }

    private static string? OptionalText(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static JsonDocument ParseJson(string text, ModelFileReader.Fail fail)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            throw fail("its header is not valid JSON");
        }
    }

    private static JsonElement Required(JsonElement element, string name, ModelFileReader.Fail fail)
    {
        if (
            element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty(name, out var value)
        )
        {
            throw fail($"the model config lacks \"{name}\"");
        }
        return value;
    }

    private static int? OptionalPositiveInt(
        JsonElement element,
        string name,
        ModelFileReader.Fail fail
    ) => !element.TryGetProperty(name, out _) ? null : PositiveInt(element, name, fail);

    /// <summary>A numeric source's "missing_indicator" (mlp/4): absent or false means none.</summary>
    private static bool MissingIndicator(JsonElement source, ModelFileReader.Fail fail) =>
        !source.TryGetProperty("missing_indicator", out var value)
            ? false
            : value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw fail("\"missing_indicator\" is not true or false"),
            };

    private static string String(JsonElement element, string name, ModelFileReader.Fail fail)
    {
        var value = Required(element, name, fail);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw fail($"\"{name}\" is not a string");
    }

    private static JsonElement Array(JsonElement element, string name, ModelFileReader.Fail fail)
    {
        var value = Required(element, name, fail);
        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw fail($"\"{name}\" is not an array");
    }

    // Loops rather than LINQ over JsonElement: every model load runs these, and generic LINQ
    // over another assembly's struct is compiled at start-up instead of precompiled.
    private static string[] Strings(JsonElement value, ModelFileReader.Fail fail)
    {
        var items = Items(value, "expected an array of strings", fail);
        var strings = new string[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            strings[i] =
                items[i].ValueKind == JsonValueKind.String
                    ? items[i].GetString()!
                    : throw fail("expected a string");
        }
        return strings;
    }

    /// <summary>Whether every value is ≥ 0 (not NaN): a loop, as LINQ over doubles would be compiled at every start.</summary>
    private static bool AllAtLeastZero(double[] values)
    {
        foreach (double value in values)
        {
            if (!(value >= 0))
            {
                return false;
            }
        }
        return true;
    }

    private static double[] Doubles(JsonElement value, ModelFileReader.Fail fail)
    {
        var items = Items(value, "expected an array of numbers", fail);
        var numbers = new double[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            numbers[i] =
                items[i].TryDouble(out double d) && double.IsFinite(d)
                    ? d
                    : throw fail("expected a number");
        }
        return numbers;
    }

    private static int[] Ints(JsonElement value, ModelFileReader.Fail fail)
    {
        var items = Items(value, "\"hidden\" is not an array", fail);
        var ints = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            ints[i] = items[i].TryInt32(out int v) ? v : throw fail("bad hidden size");
        }
        return ints;
    }

    private static JsonElement[] Items(JsonElement value, string message, ModelFileReader.Fail fail)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw fail(message);
        }
        var items = new JsonElement[value.GetArrayLength()];
        int at = 0;
        foreach (var item in value.EnumerateArray())
        {
            items[at++] = item;
        }
        return items;
    }

    private static float Number(JsonElement element, string name, ModelFileReader.Fail fail) =>
        Required(element, name, fail).TrySingle(out float value)
            ? value
            : throw fail($"\"{name}\" is not a number");

    private static float? OptionalNumber(
        JsonElement element,
        string name,
        ModelFileReader.Fail fail
    )
    {
        var value = Required(element, name, fail);
        return value.ValueKind == JsonValueKind.Null ? null : Number(element, name, fail);
    }

    private static int PositiveInt(JsonElement element, string name, ModelFileReader.Fail fail) =>
        Required(element, name, fail).TryInt32(out int value) && value > 0
            ? value
            : throw fail($"\"{name}\" is not a positive integer");
}
