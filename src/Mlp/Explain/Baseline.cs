namespace Mlp.Explain;

internal enum BaselineKind
{
    /// <summary>The training mean: z0 = 0 for standardized inputs.</summary>
    Mean,

    /// <summary>x = 0 in the data's own units.</summary>
    Zero,
}

internal static class Baseline
{
    /// <summary>
    /// z0 for every input. Without stored standardization the training mean is unknown, so
    /// the mean of the explained rows stands in for it.
    /// </summary>
    public static double[] Standardized(ExplainData data, BaselineKind kind)
    {
        int width = data.InputCount;
        var scaling = data.Model.InputScaling;
        var baseline = new double[width];
        for (int i = 0; i < width; i++)
        {
            if (kind == BaselineKind.Zero)
            {
                baseline[i] = scaling?.ToStandard(0, i) ?? 0;
            }
            else if (scaling is null)
            {
                double sum = 0;
                for (int r = 0; r < data.Rows; r++)
                {
                    sum += data.Inputs[r * width + i];
                }
                baseline[i] = sum / data.Rows;
            }
        }
        return baseline;
    }
}
