using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// f for many rows of standardized inputs at once (the rows of a partial dependence, an
/// H-statistic, LIME's samples): one parallel forward pass, then f per row as the importance
/// methods define it — the positive-class probability (binary), the prediction in target units
/// (regression), or a class's probability (multiclass: the fixed class, else each row's own).
/// Ctrl-C stops a pass between chunks of rows.
/// </summary>
internal sealed class ModelRows(MlpModel model, int? classIndex, CancellationToken cancel)
{
    public int Width => model.Network.InputCount;

    /// <summary>
    /// f of <paramref name="rows"/> rows (rows, Width); <paramref name="classOf"/> maps a row
    /// to the multiclass class to read when no class is fixed.
    /// </summary>
    public double[] Values(float[] standardized, int rows, Func<int, int>? classOf = null)
    {
        var outputs = ParallelForward.Run(model, standardized, rows, cancel);
        int width = model.Network.OutputCount;
        var values = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            int column = width == 1 ? 0 : classIndex ?? classOf?.Invoke(r) ?? 0;
            values[r] = outputs[r * width + column];
        }
        return values;
    }

    /// <summary>Each row's predicted class (multiclass; 0 otherwise).</summary>
    public int[] PredictedClasses(float[] standardized, int rows)
    {
        var outputs = ParallelForward.Run(model, standardized, rows, cancel);
        int width = model.Network.OutputCount;
        var classes = new int[rows];
        for (int r = 0; r < rows && width > 1; r++)
        {
            var row = outputs.AsSpan(r * width, width);
            for (int k = 1; k < width; k++)
            {
                if (row[k] > row[classes[r]])
                {
                    classes[r] = k;
                }
            }
        }
        return classes;
    }

    /// <summary>The rows' inputs standardized (float, as the network sees them).</summary>
    public static float[] Standardized(ExplainData data)
    {
        var z = new float[data.Inputs.Length];
        Standardization.Apply(data.Model.InputScaling, data.Inputs, z);
        return z;
    }

    /// <summary>The class the model predicts for the most rows (the lowest index on a tie).</summary>
    public static int MostPredicted(ExplainData data)
    {
        var predicted = new ModelRows(data.Model, null, data.Cancel).PredictedClasses(
            ModelRows.Standardized(data),
            data.Rows
        );
        var counts = new int[data.Model.Schema.Classes.Length];
        foreach (int k in predicted)
        {
            counts[k]++;
        }
        return Array.IndexOf(counts, counts.Max());
    }
}
