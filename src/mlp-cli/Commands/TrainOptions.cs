using System.CommandLine;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

/// <summary>
/// The options `mlp train` and `mlp sweep` share (one definition each), and the settings they
/// make. The swept options (hidden, activation, optimizer, lr, batch size) each command defines
/// itself: one value for train, lists for sweep.
/// </summary>
internal sealed class TrainOptions
{
    private static readonly TrainingSettings Defaults = new();

    public Option<string?> Target { get; } =
        new("--target")
        {
            Description = "Target column name or 0-based index [default: the last column]",
        };
    public Option<string?> Features { get; } =
        new("--features")
        {
            Description = "Feature columns, comma-separated [default: every other column]",
        };
    public Option<string?> Ignore { get; } =
        new("--ignore") { Description = "Columns to drop, comma-separated" };
    public Option<string?> Categorical { get; } =
        new("--categorical") { Description = "Columns to one-hot encode even if numeric" };
    public Option<string> Missing { get; } =
        new("--missing")
        {
            Description =
                "Missing feature values (empty, NA, NaN, null): auto (the training median plus a missing-indicator input; in a text column, a category of its own; a text among numbers is a gap, a column of mostly text all categories; rows without a target are left out), error, or impute the training mean, median or most-frequent value (these and error refuse a row without a target)",
            DefaultValueFactory = _ => "auto",
        };
    public Option<string> Task { get; } =
        new("--task")
        {
            Description = "auto, binary, multiclass or regression",
            DefaultValueFactory = _ => "auto",
        };
    public Option<float> Momentum { get; } =
        new("--momentum")
        {
            Description = "Momentum of the momentum optimizer",
            DefaultValueFactory = _ => Defaults.Momentum,
        };
    public Option<float?> L2 { get; } =
        new("--l2")
        {
            Description =
                "L2 penalty on weights (adamw: decoupled weight decay, default 0.01) [default: 0]",
        };
    public Option<string> Epochs { get; } =
        new("--epochs")
        {
            Description =
                "Passes over the training data, or auto: early stopping on a held-out 20 % finds the best count, then the model trains on every row for it (a fixed 100 without --epochs when --validation, --validation-data, --patience or --stop-loss is given)",
            DefaultValueFactory = _ => "auto",
        };
    public Option<long> Seed { get; } = CommonOptions.Seed();
    public Option<float> Validation { get; } =
        new("--validation")
        {
            Description = "Fraction of rows held out for validation",
            DefaultValueFactory = _ => Defaults.Validation,
        };
    public Option<string?> ValidationData { get; } =
        new("--validation-data")
        {
            Description = "Validation rows from another CSV, instead of --validation's split",
        };
    public Option<bool> Stratify { get; } =
        new("--stratify")
        {
            Description =
                "Classification: hold out the --validation fraction of each class (--stratify false for a plain random split)",
            DefaultValueFactory = _ => Defaults.Stratify,
            Arity = ArgumentArity.ZeroOrOne,
        };
    public Option<int?> Patience { get; } =
        new("--patience")
        {
            Description =
                "Stop after N epochs without a better validation loss; keeps the best weights",
        };
    public Option<string> Monitor { get; } =
        new("--monitor")
        {
            Description =
                "--patience watches the validation loss, or the validation metric (accuracy, R²)",
            DefaultValueFactory = _ => TrainingSettings.Monitors.Name(Defaults.Monitor),
        };
    public Option<string> Init { get; } =
        new("--init")
        {
            Description =
                "Initial weights: pytorch (U(±1/√fan_in), biases too), he (normal, 2/fan_in) or glorot (normal, 2/(fan_in+fan_out))",
            DefaultValueFactory = _ => TrainingSettings.InitName(Defaults.Init),
        };
    public Option<string?> ClassWeight { get; } =
        new("--class-weight")
        {
            Description =
                "Classification: weigh each class in the loss, balanced (n / (classes × class count)) or NAME=W,… (others 1)",
        };
    public Option<string?> PositiveClass { get; } = CommonOptions.Positive();
    public Option<string?> SampleWeight { get; } =
        new("--sample-weight")
        {
            Description =
                "A column of per-row weights (≥ 0; not a feature): they weigh the loss and the reported metrics",
        };
    public Option<float> Dropout { get; } =
        new("--dropout")
        {
            Description =
                "Probability of dropping each hidden unit in a training step (inverted dropout; off at predict time)",
            DefaultValueFactory = _ => Defaults.Dropout,
        };
    public Option<string> LabelSmoothing { get; } =
        new("--label-smoothing")
        {
            Description =
                "Classification: train toward (1 - e) x the true class + e spread over every class; auto: 0.1 for multiclass under --epochs auto, else 0",
            DefaultValueFactory = _ => "auto",
        };
    public Option<string> LrSchedule { get; } =
        new("--lr-schedule")
        {
            Description =
                "How the learning rate changes per epoch: constant, step (× --lr-factor every --lr-step epochs), cosine (down to --lr-min over the epochs) or plateau (× --lr-factor after --lr-patience epochs without improvement)",
            DefaultValueFactory = _ => "constant",
        };
    public Option<int> LrStep { get; } =
        new("--lr-step")
        {
            Description = "step: epochs between decays",
            DefaultValueFactory = _ => Defaults.LrStep,
        };
    public Option<float> LrFactor { get; } =
        new("--lr-factor")
        {
            Description = "step, plateau: what each decay multiplies the rate by",
            DefaultValueFactory = _ => Defaults.LrFactor,
        };
    public Option<int> LrPatience { get; } =
        new("--lr-patience")
        {
            Description =
                "plateau: epochs without improvement of the validation loss (metric with --monitor metric; the training loss without validation rows) before a decay",
            DefaultValueFactory = _ => Defaults.LrPatience,
        };
    public Option<float> LrMin { get; } =
        new("--lr-min")
        {
            Description = "cosine, plateau: the lowest rate",
            DefaultValueFactory = _ => Defaults.LrMin,
        };
    public Option<float?> StopLoss { get; } =
        new("--stop-loss") { Description = "Stop once the training loss is at most X" };
    public Option<bool> NoStandardize { get; } =
        new("--no-standardize")
        {
            Description = "Feed the inputs as they are, without (x - mean) / std",
        };
    public Option<bool> NoLogInputs { get; } =
        new("--no-log-inputs")
        {
            Description =
                "Standardize heavy-tailed columns as they are, without log(1 + x / median) first (taken where a column is >= 0 and its largest value is over 20x its median)",
        };
    public Option<int?> Threads { get; } =
        new("--threads")
        {
            Description =
                "Threads for the kernels [default: MLP_THREADS, else all cores]; results do not depend on it",
        };

    public TrainOptions()
    {
        Missing.AcceptOnlyFromAmong("auto", "error", "mean", "median", "most-frequent");
        Task.AcceptOnlyFromAmong("auto", "binary", "multiclass", "regression");
        Monitor.AcceptOnlyFromAmong(TrainingSettings.Monitors.Names);
        Init.AcceptOnlyFromAmong(TrainingSettings.Inits.Names);
        LrSchedule.AcceptOnlyFromAmong(TrainingSettings.Schedules.Names);
    }

    /// <summary>Which columns are read and how.</summary>
    public Option<bool> MissingCategory { get; } =
        new("--missing-category")
        {
            Description =
                "A categorical column's missing values are a category of their own, (missing), instead of --missing's rule",
        };

    public Option<int> MinCategoryCount { get; } =
        new("--min-category-count")
        {
            Description =
                "A category seen in fewer training rows is grouped into (other), where predict also puts a category training never saw (1: keep every one)",
            DefaultValueFactory = _ => Defaults.MinCategoryCount,
        };

    public Option<int> MaxCategories { get; } =
        new("--max-categories")
        {
            Description =
                "At most this many one-hot inputs per text column: the commonest categories, then (other)",
            DefaultValueFactory = _ => Defaults.MaxCategories,
        };

    public Option[] DataGroup =>
        [
            Target,
            Features,
            Ignore,
            Categorical,
            Missing,
            MissingCategory,
            MinCategoryCount,
            MaxCategories,
            Task,
            PositiveClass,
            SampleWeight,
        ];

    public Option<string> Ensemble { get; } =
        new("--ensemble")
        {
            Description =
                "Train K networks from different seeds and average them (their logits); the model is one network holding all K. auto: under --epochs auto, 5 up to 4,000 training rows, fewer above (20,000 / rows), 1 from 10,000; one network otherwise",
            DefaultValueFactory = _ => "auto",
        };

    /// <summary>How the training runs, after the swept options.</summary>
    public Option[] TrainingGroup =>
        [
            Momentum,
            L2,
            Epochs,
            Ensemble,
            Seed,
            Validation,
            ValidationData,
            Stratify,
            Patience,
            Monitor,
            Init,
            ClassWeight,
            Dropout,
            LabelSmoothing,
            LrSchedule,
            LrStep,
            LrFactor,
            LrPatience,
            LrMin,
            StopLoss,
            NoStandardize,
            NoLogInputs,
            Threads,
        ];

    public static Option<string> HiddenOption(string description, string? defaultText = null) =>
        new("--hidden")
        {
            Description = description,
            DefaultValueFactory = _ => defaultText ?? string.Join(',', Defaults.Hidden),
        };

    public static Option<string> ActivationOption(string description, string? defaultText = null) =>
        new("--activation")
        {
            Description = description,
            DefaultValueFactory = _ => defaultText ?? Defaults.Activation.Name(),
        };

    /// <summary>
    /// --hidden and --activation as given, or for auto: under --epochs auto, the capacity
    /// chosen on held-out rows (<see cref="AutoCapacity"/>) and GELU; otherwise one layer of 64
    /// and ReLU (a network whose run is given, to study).
    /// </summary>
    public (int[] Hidden, Activation Activation, bool AutoHidden) Architecture(
        ParseResult parse,
        string hiddenText,
        string activationText
    )
    {
        bool auto = AutoEpochs(parse);
        bool autoHidden = hiddenText.Trim() == "auto";
        int[] hidden = autoHidden
            ? (auto ? [] : Defaults.Hidden)
            : OptionParsing.HiddenSizes(hiddenText);
        var activation =
            activationText.Trim() == "auto"
                ? (auto ? AutoCapacity.Activation : Defaults.Activation)
                : ActivationNames.Parse(activationText)
                    ?? throw new UsageException(
                        $"--activation '{activationText}' is not one of {string.Join(", ", ActivationNames.All)}, auto"
                    );
        return (hidden, activation, autoHidden && auto);
    }

    public static Option<string> OptimizerOption(string description) =>
        new("--optimizer")
        {
            Description = description,
            DefaultValueFactory = _ => TrainingSettings.OptimizerName(Defaults.Optimizer),
        };

    public static Option<string> BatchSizeOption(string description) =>
        new("--batch-size")
        {
            Description = description,
            DefaultValueFactory = _ => OptionParsing.BatchSizeText(Defaults.BatchSize),
        };

    public static float DefaultLearningRate => Defaults.LearningRate;

    /// <summary>Options given where they would do nothing are usage errors.</summary>
    public void CheckCombinations(ParseResult parse, bool momentumOptimizer)
    {
        string schedule = parse.GetValue(LrSchedule)!;
        OptionParsing.OnlyWhere(parse, LrStep, schedule == "step", "to --lr-schedule step");
        OptionParsing.OnlyWhere(
            parse,
            LrFactor,
            schedule is "step" or "plateau",
            "to --lr-schedule step or plateau"
        );
        OptionParsing.OnlyWhere(
            parse,
            LrPatience,
            schedule == "plateau",
            "to --lr-schedule plateau"
        );
        OptionParsing.OnlyWhere(
            parse,
            LrMin,
            schedule is "cosine" or "plateau",
            "to --lr-schedule cosine or plateau"
        );
        OptionParsing.Check(
            parse.GetValue(Dropout) is >= 0 and < 1,
            "--dropout must be a probability in [0, 1)"
        );
        OptionParsing.Check(parse.GetValue(LrStep) >= 1, "--lr-step must be at least 1");
        OptionParsing.Check(
            parse.GetValue(LrFactor) is > 0 and < 1,
            "--lr-factor must be between 0 and 1 (exclusive)"
        );
        OptionParsing.Check(parse.GetValue(LrPatience) >= 0, "--lr-patience must not be negative");
        OptionParsing.Check(parse.GetValue(LrMin) >= 0, "--lr-min must not be negative");
        OptionParsing.OnlyWhere(parse, Momentum, momentumOptimizer, "to --optimizer momentum");
        OptionParsing.OnlyWhere(
            parse,
            Monitor,
            parse.GetValue(Patience) is not null || schedule == "plateau",
            "with --patience or --lr-schedule plateau"
        );
        OptionParsing.OnlyWhere(
            parse,
            Stratify,
            parse.GetValue(Validation) > 0,
            "to the --validation split"
        );
        OptionParsing.OnlyWhere(
            parse,
            NoLogInputs,
            !parse.GetValue(NoStandardize),
            "to standardized inputs (not with --no-standardize)"
        );
        OptionParsing.OnlyWhere(
            parse,
            Validation,
            parse.GetValue(ValidationData) is null,
            "without --validation-data (which gives the validation rows)"
        );
    }

    /// <summary>
    /// The settings of a run resumed from <paramref name="saved"/>: each training option as
    /// given, else as the saved run had it; --epochs more epochs (default: as many as it has run).
    /// What the network and its inputs are (the architecture, the optimizer, the data's columns
    /// and encoding, the seed) comes from the model: giving it is a usage error.
    /// </summary>
    public TrainingSettings Resumed(
        ParseResult parse,
        TrainingSettings saved,
        int epochsRun,
        Option[] fixedOptions,
        Option<float> lr,
        Option<string> batchSize
    )
    {
        foreach (
            var option in fixedOptions
                .Concat(DataGroup)
                .Concat([Init, NoStandardize, NoLogInputs, Seed, Ensemble])
        )
        {
            if (OptionParsing.Given(parse, option))
            {
                throw new UsageException(
                    $"{option.Name} comes from the resumed model",
                    "drop it to continue the run, or train a new model without --resume"
                );
            }
        }
        var resumed = saved with
        {
            LearningRate = OptionParsing.Given(parse, lr) ? parse.GetValue(lr) : saved.LearningRate,
            BatchSize = OptionParsing.Given(parse, batchSize)
                ? OptionParsing.BatchSize(parse.GetValue(batchSize)!)
                : saved.BatchSize,
            Epochs = epochsRun + (OptionParsing.Epochs(parse.GetValue(Epochs)!) ?? epochsRun),
            AutoEpochs = false,
        };
        foreach (var (option, set) in Adjustable)
        {
            if (OptionParsing.Given(parse, option))
            {
                resumed = set(resumed, parse);
            }
        }
        return resumed;
    }

    /// <summary>How a resumed model's data is read: its own columns, encoding and weights.</summary>
    public static DataOptions DataOf(MlpModel model) =>
        new()
        {
            Target = model.Schema.TargetName,
            Features = [.. model.Schema.Sources.Select(s => s.Name)],
            Categorical = [.. model.Schema.Sources.Where(s => s.IsCategorical).Select(s => s.Name)],
            Missing = MissingValues.Parse(model.Settings.Missing) ?? MissingStrategy.Error,
            MissingCategory = model.Settings.MissingCategory,
            MinCategoryCount = model.Settings.MinCategoryCount,
            MaxCategories = model.Settings.MaxCategories,
            Task = model.Schema.Task,
            Positive = model.Schema.PositiveClass,
            SampleWeight = model.Settings.SampleWeight,
        };

    public DataOptions Data(ParseResult parse) =>
        new()
        {
            Target = parse.GetValue(Target),
            Features = parse.GetValue(Features) is string f ? OptionParsing.List(f) : null,
            Ignore = OptionParsing.List(parse.GetValue(Ignore)),
            Categorical = OptionParsing.List(parse.GetValue(Categorical)),
            Missing = MissingValues.Parse(parse.GetValue(Missing)!)!.Value,
            MissingCategory = parse.GetValue(MissingCategory),
            MinCategoryCount = Positive(parse, MinCategoryCount),
            MaxCategories = Positive(parse, MaxCategories),
            Task = TaskNames.Parse(parse.GetValue(Task)!),
            Positive = parse.GetValue(PositiveClass),
            SampleWeight = parse.GetValue(SampleWeight),
        };

    private static int Positive(ParseResult parse, Option<int> option)
    {
        int value = parse.GetValue(option);
        OptionParsing.Check(value >= 1, $"{option.Name} {value} must be at least 1");
        return value;
    }

    /// <summary>
    /// Whether the epoch count is chosen by <see cref="EpochSearch"/>: --epochs auto (the
    /// default), unless the run has validation or stopping options of its own.
    /// </summary>
    public bool AutoEpochs(ParseResult parse) =>
        OptionParsing.Epochs(parse.GetValue(Epochs)!) is null
        && !new Option[] { Validation, ValidationData, Patience, StopLoss }.Any(option =>
            OptionParsing.Given(parse, option)
        );

    /// <summary>The settings of one training run: the swept values and the shared options.</summary>
    public TrainingSettings Settings(
        ParseResult parse,
        int[] hidden,
        Activation activation,
        OptimizerKind optimizer,
        float learningRate,
        int batchSize
    )
    {
        bool autoEpochs = AutoEpochs(parse);
        TrainingSettings settings = new()
        {
            Hidden = hidden,
            Activation = activation,
            Optimizer = optimizer,
            LearningRate = learningRate,
            Epochs =
                OptionParsing.Epochs(parse.GetValue(Epochs)!)
                ?? (autoEpochs ? EpochSearch.MaxEpochs : Defaults.Epochs),
            AutoEpochs = autoEpochs,
            // auto is one network where the run's length is given: a network to study or resume.
            Ensemble =
                OptionParsing.Ensemble(parse.GetValue(Ensemble)!) is int members and > 0 ? members
                : autoEpochs ? 0
                : 1,
            BatchSize = batchSize,
            Seed = parse.GetValue(Seed),
            Standardize = !parse.GetValue(NoStandardize),
            LogInputs = !parse.GetValue(NoStandardize) && !parse.GetValue(NoLogInputs),
            Init = TrainingSettings.ParseInit(parse.GetValue(Init)!)!.Value,
            Missing = parse.GetValue(Missing)!,
            MissingCategory = parse.GetValue(MissingCategory),
            MinCategoryCount = parse.GetValue(MinCategoryCount),
            MaxCategories = parse.GetValue(MaxCategories),
            SampleWeight = parse.GetValue(SampleWeight),
        };
        foreach (var (_, set) in Adjustable)
        {
            settings = set(settings, parse);
        }
        return settings;
    }

    /// <summary>
    /// The training options bound to their settings, each once: a fresh run takes every one as
    /// given or at its default (applied after the optimizer, whose choice sets L2's default); a
    /// resumed run changes only those given, and keeps the saved run's value of the others.
    /// </summary>
    private (
        Option Option,
        Func<TrainingSettings, ParseResult, TrainingSettings> Set
    )[] Adjustable =>
        [
            (Momentum, (s, p) => s with { Momentum = p.GetValue(Momentum) }),
            (
                L2,
                (s, p) =>
                    s with
                    {
                        L2 = p.GetValue(L2) ?? (s.Optimizer == OptimizerKind.AdamW ? 0.01f : 0f),
                    }
            ),
            (Validation, (s, p) => s with { Validation = p.GetValue(Validation) }),
            (Patience, (s, p) => s with { Patience = p.GetValue(Patience) }),
            (StopLoss, (s, p) => s with { StopLoss = p.GetValue(StopLoss) }),
            (Stratify, (s, p) => s with { Stratify = p.GetValue(Stratify) }),
            (
                Monitor,
                (s, p) =>
                    s with
                    {
                        Monitor = TrainingSettings.Monitors.Parse(p.GetValue(Monitor))!.Value,
                    }
            ),
            (Dropout, (s, p) => s with { Dropout = p.GetValue(Dropout) }),
            (
                LabelSmoothing,
                (s, p) =>
                    s with
                    {
                        LabelSmoothing = OptionParsing.LabelSmoothing(p.GetValue(LabelSmoothing)!),
                    }
            ),
            (ClassWeight, (s, p) => s with { ClassWeight = p.GetValue(ClassWeight) }),
            (
                LrSchedule,
                (s, p) =>
                    s with
                    {
                        Schedule = Training
                            .LearningRateSchedule.Parse(p.GetValue(LrSchedule)!)!
                            .Value,
                    }
            ),
            (LrStep, (s, p) => s with { LrStep = p.GetValue(LrStep) }),
            (LrFactor, (s, p) => s with { LrFactor = p.GetValue(LrFactor) }),
            (LrPatience, (s, p) => s with { LrPatience = p.GetValue(LrPatience) }),
            (LrMin, (s, p) => s with { LrMin = p.GetValue(LrMin) }),
        ];
}
