using System.CommandLine;
using Mlp.Cli.Data;
using Mlp.Cli.Model;
using Mlp.Kernels;

namespace Mlp.Cli.Commands;

/// <summary>`mlp train DATA`: options and their parsing; the work is in <see cref="TrainRun"/>.</summary>
internal static class TrainCommand
{
    private static readonly TrainingSettings Defaults = new();

    public static Command Create(CliContext context)
    {
        var data = CommonOptions.Data("Training CSV (header row; '-' reads stdin)");
        var output = new Option<string>("--output", "-o")
        {
            Description = "Model file to write",
            DefaultValueFactory = _ => "model.mlp",
        };
        var target = new Option<string?>("--target")
        {
            Description = "Target column name or 0-based index [default: the last column]",
        };
        var features = new Option<string?>("--features")
        {
            Description = "Feature columns, comma-separated [default: every other column]",
        };
        var ignore = new Option<string?>("--ignore")
        {
            Description = "Columns to drop, comma-separated",
        };
        var categorical = new Option<string?>("--categorical")
        {
            Description = "Columns to one-hot encode even if numeric",
        };
        var missing = new Option<string>("--missing")
        {
            Description = "Missing feature values: error or mean (impute the training mean)",
            DefaultValueFactory = _ => "error",
        };
        missing.AcceptOnlyFromAmong("error", "mean");
        var task = new Option<string>("--task")
        {
            Description = "auto, binary, multiclass or regression",
            DefaultValueFactory = _ => "auto",
        };
        task.AcceptOnlyFromAmong("auto", "binary", "multiclass", "regression");
        var hidden = new Option<string>("--hidden")
        {
            Description = "Hidden layer sizes, e.g. 64,32; none for a linear/logistic model",
            DefaultValueFactory = _ => string.Join(',', Defaults.Hidden),
        };
        var activation = new Option<string>("--activation")
        {
            Description = "Hidden activation: relu, tanh, sigmoid, leaky-relu, gelu, identity",
            DefaultValueFactory = _ => Defaults.Activation.Name(),
        };
        activation.AcceptOnlyFromAmong(ActivationNames.All);
        var optimizer = new Option<string>("--optimizer")
        {
            Description = "adam, adamw, sgd or momentum",
            DefaultValueFactory = _ => TrainingSettings.OptimizerName(Defaults.Optimizer),
        };
        optimizer.AcceptOnlyFromAmong("adam", "adamw", "sgd", "momentum");
        var lr = new Option<float>("--lr")
        {
            Description = "Learning rate",
            DefaultValueFactory = _ => Defaults.LearningRate,
        };
        var momentum = new Option<float>("--momentum")
        {
            Description = "Momentum of the momentum optimizer",
            DefaultValueFactory = _ => Defaults.Momentum,
        };
        var l2 = new Option<float?>("--l2")
        {
            Description =
                "L2 penalty on weights (adamw: decoupled weight decay, default 0.01) [default: 0]",
        };
        var epochs = new Option<int>("--epochs")
        {
            Description = "Passes over the training data",
            DefaultValueFactory = _ => Defaults.Epochs,
        };
        var batchSize = new Option<string>("--batch-size")
        {
            Description = "Rows per step, or full",
            DefaultValueFactory = _ => OptionParsing.BatchSizeText(Defaults.BatchSize),
        };
        var seed = CommonOptions.Seed();
        var validation = new Option<float>("--validation")
        {
            Description = "Fraction of rows held out for validation",
            DefaultValueFactory = _ => Defaults.Validation,
        };
        var patience = new Option<int?>("--patience")
        {
            Description =
                "Stop after N epochs without a better validation loss; keeps the best weights",
        };
        var stopLoss = new Option<float?>("--stop-loss")
        {
            Description = "Stop once the training loss is at most X",
        };
        var init = new Option<string>("--init")
        {
            Description =
                "Initial weights: pytorch (U(±1/√fan_in), biases too), he (normal, 2/fan_in) or glorot (normal, 2/(fan_in+fan_out))",
            DefaultValueFactory = _ => TrainingSettings.InitName(Defaults.Init),
        };
        init.AcceptOnlyFromAmong("pytorch", "he", "glorot");
        var stratify = new Option<bool>("--stratify")
        {
            Description =
                "Classification: hold out the --validation fraction of each class (--stratify false for a plain random split)",
            DefaultValueFactory = _ => Defaults.Stratify,
            Arity = ArgumentArity.ZeroOrOne,
        };
        var validationData = new Option<string?>("--validation-data")
        {
            Description = "Validation rows from another CSV, instead of --validation's split",
        };
        var monitor = new Option<string>("--monitor")
        {
            Description =
                "--patience watches the validation loss, or the validation metric (accuracy, R²)",
            DefaultValueFactory = _ => Defaults.Monitor == MonitorKind.Metric ? "metric" : "loss",
        };
        monitor.AcceptOnlyFromAmong("loss", "metric");
        var noStandardize = new Option<bool>("--no-standardize")
        {
            Description = "Feed the inputs as they are, without (x - mean) / std",
        };
        var threads = new Option<int?>("--threads")
        {
            Description =
                "Threads for the kernels [default: MLP_THREADS, else all cores]; results do not depend on it",
        };
        var history = new Option<string?>("--history")
        {
            Description =
                "Write one CSV row per epoch: epoch, train_loss, val_loss, metric, seconds",
        };
        var plotLoss = new Option<string?>("--plot-loss")
        {
            Description =
                "Draw the training (and validation) loss per epoch, PNG or SVG by the extension",
        };
        var animate = new Option<string?>("--animate")
        {
            Description =
                "Write a GIF of the decision regions forming over two features, one frame per epoch (or per --frame-every)",
        };
        var frameEvery = new Option<int?>("--frame-every")
        {
            Description =
                "--animate: a frame every K epochs [default: 1, or epochs / 200 for longer runs]",
        };
        var animateFeatures = new Option<string?>("--animate-features")
        {
            Description =
                "--animate: the two numeric features on the axes [default: the first two]",
        };
        var json = CommonOptions.Json("the summary");
        var quiet = CommonOptions.Quiet();

        var command = new Command(
            "train",
            "Train a network on a CSV file; prints a summary (stdout) and progress (stderr)"
        )
        {
            data,
            output,
            target,
            features,
            ignore,
            categorical,
            missing,
            task,
            hidden,
            activation,
            optimizer,
            lr,
            momentum,
            l2,
            epochs,
            batchSize,
            seed,
            validation,
            validationData,
            stratify,
            patience,
            monitor,
            init,
            stopLoss,
            noStandardize,
            threads,
            history,
            plotLoss,
            animate,
            frameEvery,
            animateFeatures,
            json,
            quiet,
        };
        command.SetAction(parse =>
        {
            bool animating = parse.GetValue(animate) is not null;
            OptionParsing.OnlyWhere(parse, frameEvery, animating, "with --animate");
            OptionParsing.OnlyWhere(parse, animateFeatures, animating, "with --animate");
            OptionParsing.OnlyWhere(
                parse,
                momentum,
                parse.GetValue(optimizer) == "momentum",
                "to --optimizer momentum"
            );
            OptionParsing.OnlyWhere(
                parse,
                monitor,
                parse.GetValue(patience) is not null,
                "with --patience"
            );
            OptionParsing.OnlyWhere(
                parse,
                stratify,
                parse.GetValue(validation) > 0,
                "to the --validation split"
            );
            OptionParsing.OnlyWhere(
                parse,
                validation,
                parse.GetValue(validationData) is null,
                "without --validation-data (which gives the validation rows)"
            );
            var optimizerKind = TrainingSettings.ParseOptimizer(parse.GetValue(optimizer)!)!.Value;
            float? l2Value = parse.GetValue(l2);
            var settings = new TrainingSettings
            {
                Hidden = OptionParsing.HiddenSizes(parse.GetValue(hidden)!),
                Activation = ActivationNames.Parse(parse.GetValue(activation)!)!.Value,
                Optimizer = optimizerKind,
                LearningRate = parse.GetValue(lr),
                Momentum = parse.GetValue(momentum),
                L2 = l2Value ?? (optimizerKind == OptimizerKind.AdamW ? 0.01f : 0f),
                Epochs = parse.GetValue(epochs),
                BatchSize = OptionParsing.BatchSize(parse.GetValue(batchSize)!),
                Seed = parse.GetValue(seed),
                Validation = parse.GetValue(validation),
                Patience = parse.GetValue(patience),
                StopLoss = parse.GetValue(stopLoss),
                Standardize = !parse.GetValue(noStandardize),
                Init = TrainingSettings.ParseInit(parse.GetValue(init)!)!.Value,
                Stratify = parse.GetValue(stratify),
                Monitor =
                    parse.GetValue(monitor) == "metric" ? MonitorKind.Metric : MonitorKind.Loss,
            };
            var dataOptions = new DataOptions
            {
                Target = parse.GetValue(target),
                Features = parse.GetValue(features) is string f ? OptionParsing.List(f) : null,
                Ignore = OptionParsing.List(parse.GetValue(ignore)),
                Categorical = OptionParsing.List(parse.GetValue(categorical)),
                ImputeMissingWithMean = parse.GetValue(missing) == "mean",
                Task = TaskNames.Parse(parse.GetValue(task)!),
            };
            var request = new TrainRequest(
                parse.GetValue(data)!,
                parse.GetValue(output)!,
                dataOptions,
                settings,
                parse.GetValue(threads)
            )
            {
                HistoryPath = parse.GetValue(history),
                ValidationDataPath = parse.GetValue(validationData),
                PlotLossPath = parse.GetValue(plotLoss),
                AnimatePath = parse.GetValue(animate),
                FrameEvery = parse.GetValue(frameEvery),
                AnimateFeatures = parse.GetValue(animateFeatures) is string pair
                    ? OptionParsing.List(pair)
                    : null,
                Json = parse.GetValue(json),
                Quiet = parse.GetValue(quiet),
            };
            TrainRun.Run(request, context);
            return 0;
        });
        return command;
    }
}
