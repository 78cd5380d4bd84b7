using Mlp.Data;
using Mlp.Model;

namespace Mlp.Metrics;

/// <summary>A model's metrics on a labelled file, streamed a chunk of rows at a time.</summary>
internal static class Evaluator
{
    public static (int Rows, MetricSet Metrics) Evaluate(
        MlpModel model,
        string dataPath,
        float threshold,
        ReadSettings reading,
        string? weightColumn = null
    )
    {
        var schema = model.Schema;
        var predictor = new Predictor(model, LabelledRows.ChunkRows);
        var chunkOutputs = new float[LabelledRows.ChunkRows * predictor.OutputWidth];
        var outputs = new List<float>();
        var targets = new List<float>();
        var weights = new List<float>();
        LabelledRows.Stream(
            schema,
            dataPath,
            readTarget: true,
            reading,
            (inputs, chunkTargets, chunkWeights, rows) =>
            {
                predictor.Predict(inputs, rows, chunkOutputs);
                outputs.AddRange(chunkOutputs.AsSpan(0, rows * predictor.OutputWidth));
                targets.AddRange(chunkTargets);
                weights.AddRange(chunkWeights);
            },
            weightColumn: weightColumn
        );
        if (weightColumn is not null)
        {
            SampleWeights.CheckTotal([.. weights], CsvSource.DisplayName(dataPath), weightColumn);
        }
        var metrics = Scoring.Compute(
            schema.Task,
            schema.Classes.Length,
            outputs.ToArray(),
            targets.ToArray(),
            threshold,
            weights.ToArray()
        );
        return (targets.Count, metrics);
    }
}
