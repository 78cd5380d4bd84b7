using System.Text.Json;

namespace Mlp.Model;

/// <summary>
/// The losses per epoch a model was trained through, kept in its file (mlp/3) for the report's
/// loss curve, and the epoch whose weights the file holds. Seconds are not kept: a model file
/// must not depend on how fast the machine was. The metric (accuracy or R²) is kept for epochs
/// with validation rows. A resumed run's history goes on from its own.
/// </summary>
internal sealed record TrainingHistory(IReadOnlyList<EpochRecord> Epochs, int KeptEpoch)
{
    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject("history");
        json.WriteNumber("kept_epoch", KeptEpoch);
        WriteColumn(json, "epoch", e => e.Epoch);
        WriteColumn(json, "train_loss", e => e.TrainLoss);
        WriteColumn(json, "validation_loss", e => e.ValidationLoss ?? double.NaN);
        // The training rows' running metric is only computed when --history asks for it: kept
        // on the validation rows alone, so the file does not depend on that option.
        WriteColumn(json, "metric", e => e.ValidationLoss is null ? double.NaN : e.Metric);
        WriteColumn(json, "lr", e => e.LearningRate);
        json.WriteEndObject();
    }

    private void WriteColumn(Utf8JsonWriter json, string name, Func<EpochRecord, double> value)
    {
        json.WriteStartArray(name);
        foreach (var epoch in Epochs)
        {
            double v = value(epoch);
            if (double.IsFinite(v))
            {
                json.WriteNumberValue(v);
            }
            else
            {
                json.WriteNullValue();
            }
        }
        json.WriteEndArray();
    }

    /// <summary>The config's history, or null in files written before it was kept.</summary>
    public static TrainingHistory? Read(JsonElement config, ModelFileReader.Fail fail)
    {
        if (!config.TryGetProperty("history", out var history))
        {
            return null;
        }
        if (
            history.ValueKind != JsonValueKind.Object
            || !history.TryGetProperty("kept_epoch", out var kept)
            || !kept.TryInt32(out int keptEpoch)
        )
        {
            throw fail("its training history has no kept_epoch");
        }
        var epochs = Column(history, "epoch", fail);
        var trainLoss = Column(history, "train_loss", fail);
        var validationLoss = Column(history, "validation_loss", fail);
        var metric = Column(history, "metric", fail);
        var lr = Column(history, "lr", fail);
        int count = epochs.Length;
        if (!Fits([trainLoss, validationLoss, metric, lr], epochs, trainLoss, keptEpoch))
        {
            throw fail("its training history's columns do not fit together");
        }
        var records = new EpochRecord[count];
        for (int i = 0; i < count; i++)
        {
            records[i] = new EpochRecord(
                (int)epochs[i],
                trainLoss[i],
                double.IsNaN(validationLoss[i]) ? null : validationLoss[i],
                metric[i],
                double.NaN,
                lr[i]
            );
        }
        return new TrainingHistory(records, keptEpoch);
    }

    /// <summary>A column of numbers, null read as NaN.</summary>
    private static double[] Column(JsonElement history, string name, ModelFileReader.Fail fail)
    {
        if (
            !history.TryGetProperty(name, out var column)
            || column.ValueKind != JsonValueKind.Array
        )
        {
            throw fail($"its training history has no {name} column");
        }
        // Loops rather than LINQ here and below: every command that reads a model runs this at
        // start-up, and LINQ over doubles is code the JIT must compile first.
        var values = new double[column.GetArrayLength()];
        int i = 0;
        foreach (var v in column.EnumerateArray())
        {
            values[i++] = v.ValueKind switch
            {
                JsonValueKind.Null => double.NaN,
                JsonValueKind.Number => v.GetDouble(),
                _ => throw fail($"its training history's {name} holds a non-number"),
            };
        }
        return values;
    }

    private static bool Fits(double[][] columns, double[] epochs, double[] trainLoss, int keptEpoch)
    {
        foreach (var column in columns)
        {
            if (column.Length != epochs.Length)
            {
                return false;
            }
        }
        bool kept = epochs.Length == 0;
        for (int e = 0; e < epochs.Length; e++)
        {
            if (
                !double.IsFinite(epochs[e])
                || epochs[e] != Math.Floor(epochs[e])
                || !double.IsFinite(trainLoss[e])
            )
            {
                return false;
            }
            kept |= epochs[e] == keptEpoch;
        }
        return kept;
    }

    /// <summary>
    /// A resumed run's history: the saved run's epochs up to where it stopped (an early-stopped
    /// file holds its best epoch's weights, so later epochs are dropped), then the new ones.
    /// </summary>
    public static TrainingHistory Continue(
        MlpModel? resumed,
        IReadOnlyList<EpochRecord> epochs,
        int keptEpoch
    )
    {
        var before = resumed is { History: { } saved, State: { } state }
            ? saved.Epochs.Where(e => e.Epoch <= state.EpochsRun)
            : [];
        return new TrainingHistory([.. before, .. epochs], keptEpoch);
    }
}
