namespace Mlp.Explain;

/// <summary>
/// Turns per-row, per-input attributions into per-source-column importances: the inputs of
/// a one-hot group add up (signed) within a row, then importance = mean over rows of |·|
/// and the signed mean is reported beside it.
/// </summary>
internal static class Attributions
{
    public static FeatureImportance[] Summarize(ExplainData data, double[] attributions)
    {
        int rows = data.Rows;
        int width = data.InputCount;
        var names = data.SourceNames;
        var features = new FeatureImportance[data.Groups.Count];
        for (int g = 0; g < data.Groups.Count; g++)
        {
            var (start, count) = data.Groups[g];
            double absolute = 0,
                signed = 0;
            for (int r = 0; r < rows; r++)
            {
                double sum = 0;
                for (int i = start; i < start + count; i++)
                {
                    sum += attributions[r * width + i];
                }
                absolute += Math.Abs(sum);
                signed += sum;
            }
            features[g] = new FeatureImportance(names[g], absolute / rows, null, signed / rows);
        }
        return features;
    }

    /// <summary>Per-input values (e.g. from the weights) summed over each source column's one-hot group.</summary>
    public static FeatureImportance[] PerSource(ExplainData data, double[] perInput)
    {
        var names = data.SourceNames;
        return data
            .Groups.Select(
                (group, g) =>
                    new FeatureImportance(
                        names[g],
                        perInput.Skip(group.Start).Take(group.Width).Sum()
                    )
            )
            .ToArray();
    }
}
