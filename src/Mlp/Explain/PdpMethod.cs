using Mlp.Kernels;

namespace Mlp.Explain;

/// <summary>
/// `pdp` (Greenwell, Boehmke and McCarthy 2018): how much a feature's partial dependence curve
/// varies — the standard deviation of the curve's values over its grid (n − 1 in the
/// denominator, as R's sd), or for a categorical feature the range of its values divided by 4.
/// The curves come from the rows' first-layer products (<see cref="FeatureCurves"/>).
/// </summary>
internal sealed class PdpMethod(int? classIndex, int resolution) : IImportanceMethod
{
    public string Name => "pdp";

    public ImportanceReport Compute(ExplainData data)
    {
        var names = data.SourceNames;
        var axes = Enumerable
            .Range(0, names.Length)
            .Select(source => PdpAxis.For(data, source, resolution, 0.05, 0.95))
            .ToArray();
        data.Progress.Stage("pdp", names.Length);
        using var curves = new FeatureCurves(data, axes, classIndex);
        WorkerPool.Shared.Run(curves, names.Length);
        var features = new FeatureImportance[names.Length];
        for (int source = 0; source < names.Length; source++)
        {
            features[source] = new FeatureImportance(
                names[source],
                Flatness(curves.Curves[source], axes[source].IsCategorical)
            );
        }
        return new ImportanceReport { Method = Name, Features = features };
    }

    /// <summary>The sample standard deviation of a curve, or its range / 4 for categories.</summary>
    public static double Flatness(double[] curve, bool categorical)
    {
        if (curve.Length < 2)
        {
            return 0;
        }
        if (categorical)
        {
            return (curve.Max() - curve.Min()) / 4;
        }
        double mean = curve.Average();
        double squares = curve.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(squares / (curve.Length - 1));
    }
}
