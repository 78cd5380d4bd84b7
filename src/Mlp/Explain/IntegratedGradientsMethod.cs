namespace Mlp.Explain;

/// <summary>
/// `integrated-gradients`: IG_i = (z_i − z0_i) ∫₀¹ ∂f(z0 + α(z − z0))/∂z_i dα with Gauss–Legendre
/// quadrature, all rows of one node in one backward pass; importance = mean over rows of |IG_i|.
/// Reports the completeness gap |Σ_i IG_i − (f(z) − f(z0))| (max and mean over rows).
/// </summary>
internal sealed class IntegratedGradientsMethod(int? classIndex, BaselineKind baseline, int steps)
    : IImportanceMethod
{
    public string Name => "integrated-gradients";

    public ImportanceReport Compute(ExplainData data)
    {
        int rows = data.Rows;
        int width = data.InputCount;
        var z = data.Standardized();
        var z0 = Baseline.Standardized(data, baseline);
        var function = new OutputFunction(data.Model, classIndex);
        var classes = new int[rows];
        var atInput = function.Values(z, rows, classes);
        var baselineRows = new double[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            baselineRows[i] = z0[i % width];
        }
        var atBaseline = function.Values(baselineRows, rows, classes, useGivenClasses: true);
        var (nodes, weights) = GaussLegendre.Rule(steps);
        var integral = new double[z.Length];
        var point = new double[z.Length];
        for (int k = 0; k < nodes.Length; k++)
        {
            data.Cancel.ThrowIfCancellationRequested();
            for (int i = 0; i < z.Length; i++)
            {
                point[i] = baselineRows[i] + nodes[k] * (z[i] - baselineRows[i]);
            }
            var gradients = function.Gradients(point, rows, classes);
            for (int i = 0; i < z.Length; i++)
            {
                integral[i] += weights[k] * gradients[i];
            }
        }
        double maxGap = 0,
            sumGap = 0;
        for (int r = 0; r < rows; r++)
        {
            double total = 0;
            for (int i = 0; i < width; i++)
            {
                int at = r * width + i;
                integral[at] *= z[at] - baselineRows[at];
                total += integral[at];
            }
            double gap = Math.Abs(total - (atInput[r] - atBaseline[r]));
            maxGap = Math.Max(maxGap, gap);
            sumGap += gap;
        }
        return new ImportanceReport
        {
            Method = Name,
            Features = Attributions.Summarize(data, integral),
            CompletenessGap = (maxGap, sumGap / rows),
        };
    }
}
