using System.Globalization;
using Mlp.Kernels;

namespace Mlp.Model;

internal enum OptimizerKind
{
    Adam,
    AdamW,
    Sgd,
    Momentum,
}

/// <summary>How the weights and biases start.</summary>
internal enum Initialization
{
    /// <summary>PyTorch's nn.Linear default: weights and biases U(−1/√fan_in, 1/√fan_in).</summary>
    PyTorch,

    /// <summary>He (Kaiming) normal: weights N(0, 2/fan_in), biases 0.</summary>
    He,

    /// <summary>Glorot (Xavier) normal: weights N(0, 2/(fan_in + fan_out)), biases 0.</summary>
    Glorot,
}

/// <summary>What early stopping watches on the validation rows.</summary>
internal enum MonitorKind
{
    /// <summary>The validation loss (lower is better).</summary>
    Loss,

    /// <summary>The validation metric: accuracy, or R² for regression (higher is better).</summary>
    Metric,
}

/// <summary>How the learning rate changes from epoch to epoch.</summary>
internal enum LrSchedule
{
    Constant,
    Step,
    Cosine,
    Plateau,
}

/// <summary>Everything `mlp train` was asked to do, stored in the model for the record.</summary>
internal sealed record TrainingSettings
{
    public int[] Hidden { get; init; } = [64];

    /// <summary>--hidden auto under --epochs auto: <see cref="Hidden"/> is the candidate shape with the lower held-out loss (Training.CapacitySearch).</summary>
    public bool AutoHidden { get; init; }
    public Activation Activation { get; init; } = Activation.Relu;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    public float LearningRate { get; init; } = 0.001f;
    public float Momentum { get; init; } = 0.9f;
    public float L2 { get; init; }
    public int Epochs { get; init; } = 100;

    /// <summary>
    /// --epochs auto: <see cref="Epochs"/> is chosen by early stopping on held-out rows, then
    /// the model is trained on every row for that many (Training.EpochSearch).
    /// </summary>
    public bool AutoEpochs { get; init; }

    /// <summary>
    /// --ensemble: members trained from different seeds and joined into one network
    /// (Training.Ensemble); 0 (auto) until training chooses it from the rows.
    /// </summary>
    public int Ensemble { get; init; } = 1;

    /// <summary>Rows per step; 0 means the full training set.</summary>
    public int BatchSize { get; init; } = 32;
    public long Seed { get; init; } = Rng.DefaultSeed;
    public float Validation { get; init; }
    public int? Patience { get; init; }
    public float? StopLoss { get; init; }
    public bool Standardize { get; init; } = true;

    /// <summary>Whether heavy-tailed input columns are log-transformed before they are standardized (<see cref="LogTransform"/>; --no-log-inputs).</summary>
    public bool LogInputs { get; init; } = true;
    public Initialization Init { get; init; } = Initialization.PyTorch;

    /// <summary>Whether the validation split keeps each class's share (classification only).</summary>
    public bool Stratify { get; init; } = true;
    public MonitorKind Monitor { get; init; } = MonitorKind.Loss;

    /// <summary>--missing as given (error, mean, median, most-frequent) and --missing-category: how the data was read.</summary>
    public string Missing { get; init; } = "error";
    public bool MissingCategory { get; init; }

    /// <summary>--min-category-count and --max-categories: which categories keep an input of their own.</summary>
    public int MinCategoryCount { get; init; } = 5;
    public int MaxCategories { get; init; } = 50;

    /// <summary>--class-weight as given: balanced, or NAME=W pairs; null for none.</summary>
    public string? ClassWeight { get; init; }

    /// <summary>--sample-weight's column, for the record (the weights are the data's).</summary>
    public string? SampleWeight { get; init; }

    /// <summary>The probability that a hidden unit is dropped in a training step (inverted dropout); 0: none.</summary>
    public float Dropout { get; init; }

    /// <summary>
    /// Classification's label smoothing ε (<see cref="LossFunction.Compute"/>); null: --label-smoothing
    /// auto, which the trainer turns into its value for the task (<see cref="Training.SmoothingRule"/>).
    /// </summary>
    public float? LabelSmoothing { get; init; } = 0;

    /// <summary>What the trained network's logits are multiplied by at the end (<see cref="Training.LogitScale"/>): 1, or under label smoothing the factor fitted on the epoch search's held-out rows.</summary>
    public float LogitScale { get; init; } = 1;

    public LrSchedule Schedule { get; init; } = LrSchedule.Constant;

    /// <summary>step: epochs between decays.</summary>
    public int LrStep { get; init; } = 10;

    /// <summary>step and plateau: the factor each decay multiplies the rate by.</summary>
    public float LrFactor { get; init; } = 0.1f;

    /// <summary>plateau: epochs without improvement tolerated before a decay.</summary>
    public int LrPatience { get; init; } = 10;

    /// <summary>cosine and plateau: the lowest rate.</summary>
    public float LrMin { get; init; }

    /// <summary>What <see cref="Validate"/> says of early stopping without validation rows.</summary>
    public const string NeedsValidationRows =
        "needs validation rows: a validation share or validation data";

    /// <summary>
    /// Every range check on the settings, in one place: the trainer runs it before training,
    /// and the CLI before loading any data. <paramref name="validationRows"/>: whether rows for
    /// validation come from elsewhere (a validation file), so that early stopping has some
    /// without a split.
    /// </summary>
    public void Validate(bool validationRows = false)
    {
        string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        void Require(bool valid, string setting, object? value, string requirement)
        {
            if (!valid)
            {
                throw new InvalidSettingException(setting, Text(value), requirement);
            }
        }
        Require(
            LearningRate > 0 && float.IsFinite(LearningRate),
            nameof(LearningRate),
            LearningRate,
            "must be a positive number"
        );
        Require(Epochs >= 1, nameof(Epochs), Epochs, "must be at least 1");
        Require(
            Hidden.All(width => width >= 1),
            nameof(Hidden),
            string.Join(",", Hidden),
            "must be layer widths of at least 1"
        );
        Require(BatchSize >= 0, nameof(BatchSize), BatchSize, "must be at least 1 (0: every row)");
        Require(
            Ensemble >= 0,
            nameof(Ensemble),
            Ensemble,
            "must be at least 1 (0: chosen from the rows)"
        );
        Require(L2 >= 0, nameof(L2), L2, "must not be negative");
        Require(Momentum is >= 0 and < 1, nameof(Momentum), Momentum, "must be in [0, 1)");
        Require(
            Validation is >= 0 and < 1,
            nameof(Validation),
            Validation,
            "must be a fraction in [0, 1)"
        );
        Require(Patience is null or >= 1, nameof(Patience), Patience, "must be at least 1");
        Require(
            Patience is null || Validation > 0 || validationRows,
            nameof(Patience),
            Patience,
            NeedsValidationRows
        );
        Require(
            LabelSmoothing is null or (>= 0 and < 1),
            nameof(LabelSmoothing),
            LabelSmoothing,
            "must be in [0, 1)"
        );
        Require(
            Dropout == 0 || Hidden.Length > 0 || AutoHidden,
            nameof(Dropout),
            Dropout,
            "applies only to hidden layers, and there are none"
        );
    }

    public static readonly NameTable<Initialization> Inits = new(
        [Initialization.PyTorch, Initialization.He, Initialization.Glorot],
        ["pytorch", "he", "glorot"]
    );

    public static readonly NameTable<OptimizerKind> Optimizers = new(
        [OptimizerKind.Adam, OptimizerKind.AdamW, OptimizerKind.Sgd, OptimizerKind.Momentum],
        ["adam", "adamw", "sgd", "momentum"]
    );

    public static readonly NameTable<MonitorKind> Monitors = new(
        [MonitorKind.Loss, MonitorKind.Metric],
        ["loss", "metric"]
    );

    public static readonly NameTable<LrSchedule> Schedules = new(
        [LrSchedule.Constant, LrSchedule.Step, LrSchedule.Cosine, LrSchedule.Plateau],
        ["constant", "step", "cosine", "plateau"]
    );

    public static string InitName(Initialization init) => Inits.Name(init);

    public static Initialization? ParseInit(string name) => Inits.Parse(name);

    public static string OptimizerName(OptimizerKind kind) => Optimizers.Name(kind);

    public static OptimizerKind? ParseOptimizer(string name) => Optimizers.Parse(name);
}
