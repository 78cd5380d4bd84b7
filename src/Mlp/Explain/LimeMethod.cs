using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// `lime` (Ribeiro, Singh and Guestrin 2016, LIME for tabular data): around each explained row,
/// <c>samples</c> perturbed rows — the row itself first, then in standardized units the row plus
/// N(0, 1) noise on each numeric feature and, for a categorical feature, a category drawn with its
/// training frequency — weighted by the kernel √exp(−d²/w²), d the Euclidean distance to the row
/// in the regression's features, w = 0.75·√features (LIME's default), and a weighted ridge
/// regression (λ = 1, an unpenalized intercept) of f on the samples. The regression's features
/// are the standardized numeric values and, per categorical column, 1 when the sample has the
/// row's category; the importance is the mean over rows of |coefficient|. Each row's samples come
/// from a generator of its own, so the thread count does not change them.
/// </summary>
internal sealed class LimeMethod(int? classIndex, int samples, long seed) : IImportanceMethod
{
    private const double Ridge = 1;

    public string Name => "lime";

    private int? ClassIndex => classIndex;
    private int Samples => samples;
    private long Seed => seed;

    public ImportanceReport Compute(ExplainData data)
    {
        var names = data.SourceNames;
        data.Progress.Stage("lime", data.Rows);
        using var job = new RowsJob(this, data);
        WorkerPool.Shared.Run(job, data.Rows);
        // Summed in row order, whichever thread fitted each row.
        var sums = new double[names.Length];
        for (int r = 0; r < data.Rows; r++)
        {
            for (int f = 0; f < sums.Length; f++)
            {
                sums[f] += job.Coefficients[r * sums.Length + f];
            }
        }
        return new ImportanceReport
        {
            Method = Name,
            Features =
            [
                .. names.Select((name, f) => new FeatureImportance(name, sums[f] / data.Rows)),
            ],
        };
    }

    /// <summary>
    /// Each explained row is one part, on whichever thread claims it, with that thread's sample
    /// buffers; a row's samples come from its own generator, so its |coefficients| do not
    /// depend on the thread.
    /// </summary>
    private sealed class RowsJob : IParallelJob, IDisposable
    {
        private readonly LimeMethod _method;
        private readonly ExplainData _data;
        private readonly float[] _z;
        private readonly ModelRows _function;
        private readonly int[]? _classes;
        private readonly double[][] _frequencies;
        private readonly double _kernelWidth;
        private readonly ThreadLocal<(float[] Inputs, double[] Design)> _buffers;

        public RowsJob(LimeMethod method, ExplainData data)
        {
            (_method, _data) = (method, data);
            var model = data.Model;
            int features = data.Groups.Count;
            _z = ModelRows.Standardized(data);
            _function = new ModelRows(model, method.ClassIndex, data.Cancel);
            _classes =
                model.Schema.Task == TaskKind.Multiclass && method.ClassIndex is null
                    ? _function.PredictedClasses(_z, data.Rows)
                    : null;
            _frequencies = CategoryFrequencies(data);
            _kernelWidth = 0.75 * Math.Sqrt(features);
            _buffers = new(() =>
                (new float[method.Samples * data.InputCount], new double[method.Samples * features])
            );
            Coefficients = new double[data.Rows * features];
        }

        /// <summary>(rows, features): each row's |coefficient| per feature.</summary>
        public double[] Coefficients { get; }

        public void Dispose() => _buffers.Dispose();

        public void Execute(int r)
        {
            _data.Cancel.ThrowIfCancellationRequested();
            int samples = _method.Samples,
                width = _data.InputCount,
                features = _data.Groups.Count;
            var (inputs, design) = _buffers.Value!;
            var row = _z.AsSpan(r * width, width);
            _method.Sample(
                _data,
                row,
                _frequencies,
                Rng.For(_method.Seed, RngStream.Lime, r),
                inputs,
                design
            );
            var values = _function.Values(inputs, samples, _ => _classes?[r] ?? 0);
            var weights = new double[samples];
            for (int s = 0; s < samples; s++)
            {
                double distance = 0;
                for (int f = 0; f < features; f++)
                {
                    double d = design[s * features + f] - design[f];
                    distance += d * d;
                }
                weights[s] = Math.Sqrt(Math.Exp(-distance / (_kernelWidth * _kernelWidth)));
            }
            var coefficients = WeightedRidge(design, values, weights, features, Ridge);
            for (int f = 0; f < features; f++)
            {
                Coefficients[r * features + f] = Math.Abs(coefficients[f]);
            }
            _data.Progress.Advance();
        }
    }

    /// <summary>The perturbed rows (model inputs, standardized) and their regression features.</summary>
    private void Sample(
        ExplainData data,
        ReadOnlySpan<float> row,
        double[][] frequencies,
        Rng rng,
        float[] inputs,
        double[] design
    )
    {
        int width = data.InputCount,
            features = data.Groups.Count;
        var scaling = data.Model.InputScaling;
        for (int s = 0; s < samples; s++)
        {
            var sample = inputs.AsSpan(s * width, width);
            row.CopyTo(sample);
            for (int f = 0; f < features; f++)
            {
                var (start, count) = data.Groups[f];
                if (data.Model.Schema.Sources[f].IsCategorical)
                {
                    int category = s == 0 ? -1 : Draw(frequencies[f], rng);
                    bool same =
                        s == 0
                        || (
                            category >= 0
                            && row[start + category] == Standard(scaling, start + category, 1)
                        );
                    if (s > 0)
                    {
                        for (int k = 0; k < count; k++)
                        {
                            sample[start + k] = Standard(scaling, start + k, k == category ? 1 : 0);
                        }
                    }
                    design[s * features + f] = same ? 1 : 0;
                }
                else
                {
                    double value = row[start] + (s == 0 ? 0 : rng.NextGaussian());
                    sample[start] = (float)value;
                    design[s * features + f] = value;
                }
            }
        }
    }

    private static float Standard(Standardization? scaling, int input, double value) =>
        (float)(scaling?.ToStandard(value, input) ?? value);

    /// <summary>Per categorical source, its categories' training frequencies (the one-hot columns' means); null for numeric ones.</summary>
    private static double[][] CategoryFrequencies(ExplainData data)
    {
        var result = new double[data.Groups.Count][];
        for (int f = 0; f < result.Length; f++)
        {
            var (start, count) = data.Groups[f];
            if (!data.Model.Schema.Sources[f].IsCategorical)
            {
                continue;
            }
            result[f] = new double[count];
            for (int k = 0; k < count; k++)
            {
                result[f][k] = data.Model.InputScaling?.Mean[start + k] ?? MeanOf(data, start + k);
            }
        }
        return result;
    }

    private static double MeanOf(ExplainData data, int input)
    {
        double sum = 0;
        for (int r = 0; r < data.Rows; r++)
        {
            sum += data.Inputs[r * data.InputCount + input];
        }
        return sum / data.Rows;
    }

    private static int Draw(double[] frequencies, Rng rng)
    {
        double total = frequencies.Sum();
        double u = rng.NextDouble() * total;
        for (int k = 0; k < frequencies.Length; k++)
        {
            u -= frequencies[k];
            if (u < 0)
            {
                return k;
            }
        }
        return frequencies.Length - 1;
    }

    /// <summary>
    /// β of min Σ_s w_s (y_s − b − x_s·β)² + λ|β|² with the intercept b unpenalized: the weighted
    /// means are taken out, then (XᵀWX + λI) β = XᵀWy is solved by Cholesky.
    /// </summary>
    public static double[] WeightedRidge(
        double[] x,
        double[] y,
        double[] w,
        int features,
        double lambda
    )
    {
        int n = y.Length;
        double total = w.Sum();
        var meanX = new double[features];
        double meanY = 0;
        for (int s = 0; s < n; s++)
        {
            meanY += w[s] * y[s];
            for (int f = 0; f < features; f++)
            {
                meanX[f] += w[s] * x[s * features + f];
            }
        }
        meanY /= total;
        for (int f = 0; f < features; f++)
        {
            meanX[f] /= total;
        }
        var a = new double[features, features];
        var b = new double[features];
        for (int s = 0; s < n; s++)
        {
            for (int i = 0; i < features; i++)
            {
                double xi = x[s * features + i] - meanX[i];
                b[i] += w[s] * xi * (y[s] - meanY);
                for (int j = 0; j <= i; j++)
                {
                    a[i, j] += w[s] * xi * (x[s * features + j] - meanX[j]);
                }
            }
        }
        for (int i = 0; i < features; i++)
        {
            a[i, i] += lambda;
        }
        return Cholesky.Solve(a, b);
    }
}

/// <summary>Solves A x = b for a symmetric positive definite A, given by its lower triangle.</summary>
internal static class Cholesky
{
    public static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = a[i, j];
                for (int k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }
                l[i, j] = i == j ? Math.Sqrt(sum) : sum / l[j, j];
            }
        }
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++)
            {
                sum -= l[i, k] * y[k];
            }
            y[i] = sum / l[i, i];
        }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < n; k++)
            {
                sum -= l[k, i] * x[k];
            }
            x[i] = sum / l[i, i];
        }
        return x;
    }
}
