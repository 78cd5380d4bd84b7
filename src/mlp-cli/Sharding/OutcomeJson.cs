using System.Text.Json;
using Mlp.Metrics;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Sharding;

/// <summary>A training run's outcome (a sweep's combination, a fold) as a shard records it, exactly, and back.</summary>
internal static class OutcomeJson
{
    public static void WriteMetrics(Utf8JsonWriter json, string field, MetricSet? metrics)
    {
        if (metrics is null)
        {
            json.WriteNull(field);
            return;
        }
        json.WriteStartArray(field);
        foreach (var (name, value) in metrics.Values)
        {
            json.WriteStartArray();
            json.WriteStringValue(name);
            WriteNullable(json, value);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    public static MetricSet? ReadMetrics(JsonElement result, string field)
    {
        var values = result.GetProperty(field);
        if (values.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var metrics = new MetricSet();
        foreach (var pair in values.EnumerateArray())
        {
            metrics.Values.Add((pair[0].GetString()!, ReadNullable(pair[1])));
        }
        return metrics;
    }

    /// <summary>A run's outcome: what the whole run's error line says of a failure, else what <paramref name="success"/> writes.</summary>
    public static void WriteOutcome(
        Utf8JsonWriter json,
        Exception? failure,
        Action<Utf8JsonWriter> success
    )
    {
        if (failure is not null)
        {
            json.WriteString("error", Commands.DomainErrors.Describe(failure));
        }
        else
        {
            success(json);
        }
    }

    /// <summary>The failure a shard recorded, as an error that describes itself the same way; null when the run succeeded.</summary>
    public static Exception? ReadFailure(JsonElement result) =>
        result.TryGetProperty("error", out var error) ? new MlpException(error.GetString()!) : null;

    public static void WriteTraining(Utf8JsonWriter json, TrainingResult result)
    {
        using (var model = new MemoryStream())
        {
            ModelFile.Write(result.Model, model);
            json.WriteBase64String("model", model.ToArray());
        }
        json.WriteStartArray("history");
        foreach (var epoch in result.History)
        {
            json.WriteStartArray();
            json.WriteNumberValue(epoch.Epoch);
            ShardRun.WriteNumber(json, epoch.TrainLoss);
            WriteNullable(json, epoch.ValidationLoss);
            ShardRun.WriteNumber(json, epoch.Metric);
            ShardRun.WriteNumber(json, epoch.Seconds);
            ShardRun.WriteNumber(json, epoch.LearningRate);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteNumber("steps", result.Steps);
        json.WriteNumber("train_seconds", result.TrainSeconds);
        json.WriteNumber("kept_epoch", result.KeptEpoch);
        WriteMetrics(json, "training_metrics", result.TrainingMetrics);
        WriteMetrics(json, "validation_metrics", result.ValidationMetrics);
        json.WritePropertyName("ensemble_validation_loss");
        WriteNullable(json, result.EnsembleValidationLoss);
        json.WriteBoolean("auto_ensemble", result.AutoEnsemble);
    }

    public static TrainingResult ReadTraining(JsonElement result, string file) =>
        new()
        {
            Model = ModelFileReader.Parse(result.GetProperty("model").GetBytesFromBase64(), file),
            History =
            [
                .. result
                    .GetProperty("history")
                    .EnumerateArray()
                    .Select(e => new EpochRecord(
                        e[0].GetInt32(),
                        ShardRun.ReadNumber(e[1]),
                        ReadNullable(e[2]),
                        ShardRun.ReadNumber(e[3]),
                        ShardRun.ReadNumber(e[4]),
                        ShardRun.ReadNumber(e[5])
                    )),
            ],
            Steps = result.GetProperty("steps").GetInt64(),
            TrainSeconds = result.GetProperty("train_seconds").GetDouble(),
            KeptEpoch = result.GetProperty("kept_epoch").GetInt32(),
            TrainingMetrics = ReadMetrics(result, "training_metrics")!,
            ValidationMetrics = ReadMetrics(result, "validation_metrics"),
            EnsembleValidationLoss = ReadNullable(result.GetProperty("ensemble_validation_loss")),
            AutoEnsemble = result.GetProperty("auto_ensemble").GetBoolean(),
        };

    private static void WriteNullable(Utf8JsonWriter json, double? value)
    {
        if (value is double v)
        {
            ShardRun.WriteNumber(json, v);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static double? ReadNullable(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : ShardRun.ReadNumber(value);
}
