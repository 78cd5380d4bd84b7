using Mlp.Data;
using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>One metric over the folds: each fold's value (null where it does not apply), their mean and population std.</summary>
internal sealed record FoldMetric(string Name, double?[] Values)
{
    private double[] Present => [.. Values.Where(v => v is not null).Select(v => v!.Value)];

    public double? Mean => Present.Length == 0 ? null : Present.Average();

    public double? Std =>
        Mean is double mean
            ? Math.Sqrt(Present.Sum(v => (v - mean) * (v - mean)) / Present.Length)
            : null;
}

/// <summary>
/// k-fold cross-validation: the rows cut into K folds (seeded; for classification each class
/// dealt out across the folds in turn, as scikit-learn's StratifiedKFold keeps each class's
/// share), K models each trained as `mlp train` would on the other folds, each scored on its
/// own fold.
/// </summary>
internal static class CrossValidation
{
    /// <summary>Each fold's test rows, sorted.</summary>
    public static int[][] Folds(Dataset data, int folds, long seed, bool stratify)
    {
        var rng = Rng.For(seed, RngStream.Folds);
        var groups =
            stratify && data.Schema.Task != TaskKind.Regression
                ? Enumerable
                    .Range(0, data.Schema.Classes.Length)
                    .Select(c =>
                        Enumerable
                            .Range(0, data.Rows)
                            .Where(r => (int)data.Target[r] == c)
                            .ToArray()
                    )
                : [Enumerable.Range(0, data.Rows).ToArray()];
        var assigned = Enumerable.Range(0, folds).Select(_ => new List<int>()).ToArray();
        int next = 0;
        foreach (var rows in groups)
        {
            rng.Shuffle(rows);
            foreach (int row in rows)
            {
                assigned[next].Add(row);
                next = (next + 1) % folds;
            }
        }
        return [.. assigned.Select(fold => fold.Order().ToArray())];
    }

    /// <summary>The rows not in <paramref name="test"/>.</summary>
    public static int[] Complement(int rows, int[] test)
    {
        var held = new HashSet<int>(test);
        return [.. Enumerable.Range(0, rows).Where(r => !held.Contains(r))];
    }

    /// <summary>Some rows of the data as a data set of their own (training changes it; the original stays).</summary>
    public static Dataset Rows(Dataset data, int[] rows) =>
        new()
        {
            Schema = data.Schema,
            Columns = [.. data.Columns.Select(column => rows.Select(r => column[r]).ToArray())],
            Origins = (double[])data.Origins.Clone(),
            Target = [.. rows.Select(r => data.Target[r])],
            File = data.File,
            Weights = data.Weights is null ? null : [.. rows.Select(r => data.Weights[r])],
        };

    /// <summary>The model's metrics on some rows (weighted by their sample weights, if any).</summary>
    public static MetricSet Score(MlpModel model, Dataset data, int[] rows)
    {
        var (inputs, targets) = data.InUnits(rows);
        var standardized = new float[inputs.Length];
        Standardization.Apply(model.InputScaling, inputs, standardized);
        var outputs = ParallelForward.Run(model, standardized, rows.Length);
        float[] weights = data.Weights is null ? [] : [.. rows.Select(r => data.Weights[r])];
        return Scoring.Compute(
            model.Schema.Task,
            model.Schema.Classes.Length,
            outputs,
            targets,
            weights: weights
        );
    }

    /// <summary>Each metric over the folds, in the order the first scored fold reports them; a fold without a score (it failed) gives none.</summary>
    public static FoldMetric[] Summarize(IReadOnlyList<MetricSet?> folds) =>
        folds.FirstOrDefault(fold => fold is not null) is { } first
            ?
            [
                .. first.Values.Select(m => new FoldMetric(
                    m.Name,
                    [.. folds.Select(fold => fold?[m.Name])]
                )),
            ]
            : [];
}
