using Mlp.Data;
using Mlp.Explain;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp;

public sealed partial class TrainedModel
{
    /// <summary>
    /// Each feature's importance under <paramref name="method"/>, over the rows of a data file,
    /// in <see cref="Features"/> order: the figures <c>mlp importance</c> prints with the same options.
    /// </summary>
    /// <param name="dataPath">Rows with the model's feature columns (and its target, for <see cref="ImportanceMethod.Permutation"/>).</param>
    /// <param name="method">How importance is measured.</param>
    /// <param name="options">Rows, seed, class and the method's own settings; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the computation with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="MlpException">The data cannot be read, or the method does not apply to this model (Garson beyond one hidden layer).</exception>
    public IReadOnlyList<FeatureScore> Importance(
        string dataPath,
        ImportanceMethod method = ImportanceMethod.Permutation,
        ExplanationOptions? options = null,
        CancellationToken cancellationToken = default
    )
    {
        return Explaining(
            dataPath,
            options,
            explain =>
            {
                bool permutation = method == ImportanceMethod.Permutation;
                var read = LabelledRows.Read(
                    Inner.Schema,
                    dataPath,
                    readTarget: permutation,
                    Reading(cancellationToken)
                );
                var all = new ExplainData(Inner, read.Inputs, read.Targets)
                {
                    Cancel = cancellationToken,
                };
                var (explained, _) = all.Sample(
                    explain.Rows ?? ImportanceOptions.DefaultRows,
                    explain.Seed,
                    RngStream.ExplainRows
                );
                var background = all.Subset(
                    RowSample.Take(
                        all.Rows,
                        Positive(explain.Background, nameof(explain.Background)),
                        Rng.For(explain.Seed, RngStream.Background)
                    )
                ).Inputs;
                var settings = new ImportanceOptions
                {
                    Metric = explain.Metric,
                    Repeats = Positive(explain.Repeats, nameof(explain.Repeats)),
                    Steps = Positive(explain.Steps, nameof(explain.Steps)),
                    Samples = Positive(explain.Samples, nameof(explain.Samples)),
                    ClassIndex = permutation ? null : ClassIndex(explain.Class),
                    Seed = explain.Seed,
                    Background = background,
                };
                var report = settings.Create(MethodName(method)).Compute(explained);
                return (IReadOnlyList<FeatureScore>)
                    [
                        .. report.Features.Select(f => new FeatureScore(
                            f.Name,
                            f.Importance,
                            f.Std,
                            f.SignedMean
                        )),
                    ];
            }
        );
    }

    /// <summary>
    /// One feature's partial dependence over the rows of a data file, as <c>mlp pdp</c> computes
    /// it: a grid of 100 points from the column's 5th to 95th percentile, or its categories.
    /// </summary>
    /// <param name="dataPath">Rows with the model's feature columns.</param>
    /// <param name="feature">The feature whose curve is computed.</param>
    /// <param name="individual">Whether each row's curve (ICE) is kept as well.</param>
    /// <param name="options">Rows, seed and class; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the computation with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="feature"/> is not one of the model's.</exception>
    public PartialDependenceCurve PartialDependence(
        string dataPath,
        string feature,
        bool individual = false,
        ExplanationOptions? options = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(feature);
        int source = Features.ToList().IndexOf(feature);
        if (source < 0)
        {
            throw new ArgumentException(
                $"\"{feature}\" is not a feature of the model; the features are: {TextList.Of(Features)}",
                nameof(feature)
            );
        }
        return Explaining(
            dataPath,
            options,
            explain =>
            {
                var (explained, _) = Unlabelled(dataPath, cancellationToken)
                    .Sample(
                        explain.Rows ?? Explain.PartialDependence.DefaultRows,
                        explain.Seed,
                        RngStream.ExplainRows
                    );
                var axis = PdpAxis.For(
                    explained,
                    source,
                    ImportanceOptions.DefaultGrid,
                    0.05,
                    0.95
                );
                var result = Explain.PartialDependence.Compute(
                    explained,
                    [axis],
                    ClassIndex(explain.Class),
                    individual
                );
                return new PartialDependenceCurve(
                    feature,
                    axis.Values,
                    axis.Categories,
                    result.Average,
                    result.Individual
                );
            }
        );
    }

    /// <summary>
    /// How much each pair of features acts together, strongest first: Friedman and Popescu's
    /// H-statistic over the rows of a data file, as <c>mlp interactions</c> computes it.
    /// </summary>
    /// <param name="dataPath">Rows with the model's feature columns.</param>
    /// <param name="options">Rows (500 by default: the cost grows with their square), seed and class; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the computation with <see cref="OperationCanceledException"/>.</param>
    public IReadOnlyList<FeatureInteraction> Interactions(
        string dataPath,
        ExplanationOptions? options = null,
        CancellationToken cancellationToken = default
    )
    {
        return Explaining(
            dataPath,
            options,
            explain =>
            {
                var (explained, _) = Unlabelled(dataPath, cancellationToken)
                    .Sample(
                        explain.Rows ?? HStatistic.DefaultRows,
                        explain.Seed,
                        RngStream.InteractionRows
                    );
                int? classIndex = ClassIndex(explain.Class);
                if (Inner.Schema.Task == TaskKind.Multiclass && classIndex is null)
                {
                    classIndex = ModelRows.MostPredicted(explained);
                }
                var report = HStatistic.Compute(explained, classIndex);
                return (IReadOnlyList<FeatureInteraction>)
                    [
                        .. report
                            .Ranked()
                            .Select(pair => new FeatureInteraction(
                                report.Features[pair.A],
                                report.Features[pair.B],
                                pair.Value,
                                report.PairSizes![pair.A, pair.B]
                            )),
                    ];
            }
        );
    }

    private ExplainData Unlabelled(string dataPath, CancellationToken cancel) =>
        ExplainData.Unlabelled(Inner, dataPath, Reading(cancel));

    private int? ClassIndex(string? name)
    {
        if (name is null)
        {
            return null;
        }
        if (Inner.Schema.Task != TaskKind.Multiclass)
        {
            throw new ArgumentException(
                "a class is explained only for multiclass models",
                nameof(name)
            );
        }
        int index = Array.IndexOf(Inner.Schema.Classes, name);
        return index >= 0
            ? index
            : throw new ArgumentException(
                $"\"{name}\" is not one of the model's classes: {TextList.Of(Inner.Schema.Classes)}",
                nameof(name)
            );
    }

    private static int Positive(int value, string name) =>
        value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1");

    /// <summary>An explanation's common start: the path checked, the options' defaults, and the call's thread count.</summary>
    private static T Explaining<T>(
        string dataPath,
        ExplanationOptions? options,
        Func<ExplanationOptions, T> work
    )
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        var explain = options ?? new();
        int threads = explain.Threads is int given
            ? Positive(given, nameof(explain.Threads))
            : WorkerPool.DefaultThreads();
        return WorkerPool.WithThreads(threads, () => work(explain));
    }

    private static string MethodName(ImportanceMethod method) =>
        method switch
        {
            ImportanceMethod.Permutation => "permutation",
            ImportanceMethod.Gradient => "gradient",
            ImportanceMethod.InputTimesGradient => "input-x-gradient",
            ImportanceMethod.IntegratedGradients => "integrated-gradients",
            ImportanceMethod.Shap => "shap",
            ImportanceMethod.Garson => "garson",
            ImportanceMethod.Olden => "olden",
            ImportanceMethod.FirstLayer => "first-layer",
            ImportanceMethod.PartialDependence => "pdp",
            ImportanceMethod.Lime => "lime",
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        };
}
