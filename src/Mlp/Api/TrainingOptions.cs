using System.Globalization;
using Mlp.Data;
using Mlp.Model;
using Mlp.Training;

namespace Mlp;

/// <summary>
/// How <see cref="TrainedModel.Train(string, TrainingOptions?, IProgress{TrainingProgress}?, CancellationToken)"/>
/// reads the data and trains. Every property left null takes the default of
/// <c>mlp train data.csv</c>: the epoch count found by early stopping on a held-out 20 %, then
/// the network trained on every row; the capacity and the ensemble chosen from the row count
/// (a multiclass target also tries two layers of 256, kept where its held-out loss is lower);
/// gaps filled with the training median and a missing-indicator input. Giving
/// <see cref="Epochs"/>, <see cref="Validation"/> or <see cref="Patience"/> makes it one
/// network trained as told (64 ReLU units and 100 epochs unless given), as the command line does.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The target column's name; null for the last column.</summary>
    public string? Target { get; init; }

    /// <summary>The feature columns; null for every column but the target.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Columns to one-hot encode even where they hold numbers.</summary>
    public IReadOnlyList<string>? Categorical { get; init; }

    /// <summary>The hidden layers' widths, input side first; empty for none (a linear model).</summary>
    public IReadOnlyList<int>? Hidden { get; init; }

    /// <summary>The hidden layers' activation by its command-line name: relu, gelu, tanh, sigmoid, leaky-relu or identity (auto: gelu; a fixed run: relu).</summary>
    public string? Activation { get; init; }

    /// <summary>The optimizer by its command-line name: adam, adamw, sgd or momentum.</summary>
    public string? Optimizer { get; init; }

    /// <summary>The learning rate (0.001).</summary>
    public double? LearningRate { get; init; }

    /// <summary>The momentum optimizer's momentum (0.9).</summary>
    public double? Momentum { get; init; }

    /// <summary>Rows per step (32); 0 for every row.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Passes over the data, fixed; null lets early stopping choose.</summary>
    public int? Epochs { get; init; }

    /// <summary>Networks trained from different seeds and averaged; null chooses from the rows (5 on small data down to 1).</summary>
    public int? Ensemble { get; init; }

    /// <summary>The L2 penalty on the weights (0; 0.01 decoupled weight decay under adamw).</summary>
    public double? L2 { get; init; }

    /// <summary>The probability that a hidden unit is dropped in a training step (0).</summary>
    public double? Dropout { get; init; }

    /// <summary>Classification's label smoothing ε in [0, 1); null chooses: 0.1 for multiclass when early stopping chooses the epochs, else 0.</summary>
    public double? LabelSmoothing { get; init; }

    /// <summary>The fraction of rows held out to watch the validation loss (a fixed run's early stopping needs it with <see cref="Patience"/>).</summary>
    public double? Validation { get; init; }

    /// <summary>Epochs without a better validation loss before training stops.</summary>
    public int? Patience { get; init; }

    /// <summary>Classification: "balanced", or class weights as NAME=W pairs separated by commas.</summary>
    public string? ClassWeight { get; init; }

    /// <summary>The seed of every random choice: the same seed, data and options give the same model, whatever the thread count.</summary>
    public long? Seed { get; init; }

    /// <summary>Threads this call may use; null for the MLP_THREADS environment variable, else every core.</summary>
    public int? Threads { get; init; }

    /// <summary>Whether the epoch count and capacity are chosen from the data: no fixed run was asked for.</summary>
    private bool Automatic => Epochs is null && Validation is null && Patience is null;

    /// <summary>Checks every option, as training would before it reads any data.</summary>
    /// <exception cref="InvalidSettingException">An option that cannot be used.</exception>
    public void Validate() => _ = Settings();

    /// <summary>The training settings these options make, checked (<see cref="TrainingSettings.Validate"/>).</summary>
    internal TrainingSettings Settings()
    {
        var defaults = new TrainingSettings();
        bool automatic = Automatic;
        var activation = Activation is null
            ? (automatic ? AutoCapacity.Activation : defaults.Activation)
            : ActivationNames.Parse(Activation)
                ?? throw Refused(
                    nameof(Activation),
                    Activation,
                    $"is not one of {string.Join(", ", ActivationNames.All)}"
                );
        var optimizer = Optimizer is null
            ? defaults.Optimizer
            : TrainingSettings.Optimizers.Parse(Optimizer)
                ?? throw Refused(
                    nameof(Optimizer),
                    Optimizer,
                    $"is not one of {string.Join(", ", TrainingSettings.Optimizers.Names)}"
                );
        if (Threads is < 1)
        {
            throw Refused(nameof(Threads), Threads, "must be at least 1");
        }
        var settings = defaults with
        {
            Hidden =
                Hidden is { } widths ? [.. widths]
                : automatic ? []
                : defaults.Hidden,
            AutoHidden = Hidden is null && automatic,
            Activation = activation,
            Optimizer = optimizer,
            LearningRate = (float)(LearningRate ?? defaults.LearningRate),
            Momentum = (float)(Momentum ?? defaults.Momentum),
            BatchSize = BatchSize ?? defaults.BatchSize,
            Epochs = Epochs ?? (automatic ? EpochSearch.MaxEpochs : defaults.Epochs),
            AutoEpochs = automatic,
            Ensemble = Ensemble ?? (automatic ? 0 : 1),
            L2 = (float)(L2 ?? (optimizer == OptimizerKind.AdamW ? 0.01 : 0)),
            Dropout = (float)(Dropout ?? 0),
            LabelSmoothing = LabelSmoothing is double smoothing ? (float)smoothing : null,
            Validation = (float)(Validation ?? 0),
            Patience = Patience,
            ClassWeight = ClassWeight,
            Seed = Seed ?? defaults.Seed,
            Missing = "auto",
        };
        if (Ensemble is 0)
        {
            throw Refused(nameof(Ensemble), 0, "must be at least 1");
        }
        settings.Validate();
        return settings;
    }

    /// <summary>How the data is read: the columns, and the command line's defaults for gaps and categories.</summary>
    internal DataOptions Data(TrainingSettings settings) =>
        new()
        {
            Target = Target,
            Features = Features,
            Categorical = Categorical ?? [],
            Missing = MissingStrategy.Auto,
            MinCategoryCount = settings.MinCategoryCount,
            MaxCategories = settings.MaxCategories,
        };

    private static InvalidSettingException Refused(
        string setting,
        object? value,
        string requirement
    ) => new(setting, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", requirement);
}
