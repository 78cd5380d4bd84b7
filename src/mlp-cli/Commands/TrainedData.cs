using System.Globalization;
using System.Text.Json;
using Mlp.Data;
using Mlp.Data.Streaming;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

/// <summary>What the summary says of the data a model was trained on: in memory, or streamed from a cache.</summary>
internal sealed record TrainedData(
    Schema Schema,
    int Rows,
    string File,
    StreamedNote? Streamed = null
)
{
    /// <summary>The mixed columns as the loader read them (<see cref="Dataset.Mixed"/>).</summary>
    public MixedColumns.Reading Mixed { get; init; } = MixedColumns.Reading.None;

    public static TrainedData Of(Dataset data) =>
        new(data.Schema, data.Rows, data.File) { Mixed = data.Mixed };
}

/// <summary>How a streamed run read its data: the cache, whether it was reused, the budget, the window.</summary>
internal sealed record StreamedNote(
    string CachePath,
    StreamCache.Origin Origin,
    long MemoryBudget,
    long InMemoryPeak,
    int BlockRows,
    int WindowRows
)
{
    private string OriginText =>
        Origin switch
        {
            StreamCache.Origin.Reused => "reused",
            StreamCache.Origin.Remade => "made again: the data or its cache changed",
            _ => "made",
        };

    public string Line(TrainingResult result) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"streamed  the data (about {Data.Streaming.MemoryBudget.Text(InMemoryPeak)} in memory) is over --memory {Data.Streaming.MemoryBudget.Text(MemoryBudget)}: trained from the cache {CachePath} ({OriginText}), blocks of {BlockRows} rows shuffled in windows of {WindowRows}{MetricNote(result)}"
        );

    private static string MetricNote(TrainingResult result) =>
        result.MetricRows is { } rows
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"; metrics on {rows.Training} training and {rows.Validation} validation rows"
            )
            : "";

    public void WriteJson(Utf8JsonWriter json, TrainingResult result)
    {
        json.WriteStartObject("streamed");
        json.WriteString("cache", CachePath);
        json.WriteBoolean("cache_reused", Origin == StreamCache.Origin.Reused);
        json.WriteNumber("memory_budget", MemoryBudget);
        json.WriteNumber("in_memory_estimate", InMemoryPeak);
        json.WriteNumber("block_rows", BlockRows);
        json.WriteNumber("window_rows", WindowRows);
        if (result.MetricRows is { } rows)
        {
            json.WriteNumber("metric_training_rows", rows.Training);
            json.WriteNumber("metric_validation_rows", rows.Validation);
        }
        json.WriteEndObject();
    }
}
