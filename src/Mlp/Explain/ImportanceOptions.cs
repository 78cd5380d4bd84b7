namespace Mlp.Explain;

/// <summary>The options of `mlp importance` that shape the methods.</summary>
internal sealed record ImportanceOptions
{
    /// <summary>Rows explained by default: all of them, up to this many sampled.</summary>
    public const int DefaultRows = 1000;

    public string? Metric { get; init; }
    public int Repeats { get; init; } = 10;

    /// <summary>Permutation's shuffles done by this run when the work is sharded; null: all of them.</summary>
    public PartWork? Parts { get; init; }
    public int Steps { get; init; } = 50;
    public BaselineKind Baseline { get; init; } = BaselineKind.Mean;
    public int? ClassIndex { get; init; }
    public long Seed { get; init; } = Rng.DefaultSeed;

    /// <summary>lime: perturbed samples per explained row.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>pdp: grid points per feature.</summary>
    public const int DefaultGrid = 100;
    public int Grid { get; init; } = DefaultGrid;

    /// <summary>permutation: source columns shuffled together (correlated features).</summary>
    public IReadOnlyList<string[]> Groups { get; init; } = [];

    /// <summary>Background rows for shap, (rows, inputs) in source units.</summary>
    public double[] Background { get; init; } = [];

    public static readonly string[] Methods =
    [
        "permutation",
        "gradient",
        "input-x-gradient",
        "integrated-gradients",
        "shap",
        "garson",
        "olden",
        "first-layer",
        "pdp",
        "lime",
        "all",
    ];

    public IImportanceMethod Create(string method) =>
        method switch
        {
            "permutation" => new PermutationMethod(Metric, Repeats, Seed, Groups, Parts),
            "gradient" => new GradientMethod(ClassIndex),
            "input-x-gradient" => new InputTimesGradientMethod(ClassIndex, Baseline),
            "integrated-gradients" => new IntegratedGradientsMethod(ClassIndex, Baseline, Steps),
            "shap" => new ShapMethod(ClassIndex, Background, Seed),
            "garson" => new GarsonMethod(ClassIndex),
            "olden" => new OldenMethod(ClassIndex),
            "first-layer" => new FirstLayerMethod(),
            "pdp" => new PdpMethod(ClassIndex, Grid),
            "lime" => new LimeMethod(ClassIndex, Samples, Seed),
            _ => throw new InvalidSettingException(
                "Method",
                $"'{method}'",
                $"is not one of: {string.Join(", ", Methods)}"
            ),
        };
}
