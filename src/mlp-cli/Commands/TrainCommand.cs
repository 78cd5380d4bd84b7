using System.CommandLine;
using Mlp.Cli.Sharding;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp train DATA`: options and their parsing; the work is in <see cref="TrainRun"/>.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var data = CommonOptions.Data("Training CSV (header row; '-' reads stdin)");
        var output = new Option<string>("--output", "-o")
        {
            Description = "Model file to write",
            DefaultValueFactory = _ => "model.mlp",
        };
        var shared = new TrainOptions();
        var hidden = TrainOptions.HiddenOption(
            "Hidden layer sizes, e.g. 64,32; none for a linear/logistic model; auto: under --epochs auto, 128,128 below 10,000 training rows and 64,64 from there, or for a multiclass target 256,256 where it reaches a lower held-out loss; else 64",
            "auto"
        );
        var activation = TrainOptions.ActivationOption(
            "Hidden activation: relu, tanh, sigmoid, leaky-relu, gelu, identity; auto: gelu under --epochs auto, else relu",
            "auto"
        );
        activation.AcceptOnlyFromAmong([.. ActivationNames.All, "auto"]);
        var optimizer = TrainOptions.OptimizerOption(TrainingSettings.Optimizers.Listed());
        optimizer.AcceptOnlyFromAmong(TrainingSettings.Optimizers.Names);
        var lr = new Option<float>("--lr")
        {
            Description = "Learning rate",
            DefaultValueFactory = _ => TrainOptions.DefaultLearningRate,
        };
        var batchSize = TrainOptions.BatchSizeOption("Rows per step, or full");
        var cv = new Option<int?>("--cv")
        {
            Description =
                "k-fold cross-validation: train K models, each scored on its held-out fold (stratified for classification), and report each metric's mean and std; a model is written only with -o (trained on all rows)",
        };
        var resume = new Option<string?>("--resume")
        {
            Description =
                "Continue the run saved in this model (its network, scaling, optimizer state, schedule and epoch count) for --epochs more epochs [default: as many as it has run]; options not given keep the run's values",
        };
        var history = new Option<string?>("--history")
        {
            Description =
                "Write one CSV row per epoch: epoch, train_loss, val_loss, metric, seconds, lr",
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
        var memory = new Option<string?>("--memory")
        {
            Description =
                "Memory the training data may take, e.g. 400M or 2G; data over it is streamed from a binary cache [default: half of what the process may use, container limits included]",
        };
        var cache = new Option<string?>("--cache")
        {
            Description =
                "Folder of the binary cache of streamed data, reused while the data is unchanged [default: beside the data, else the temporary folder]",
        };
        var json = CommonOptions.Json("the summary");
        var quiet = CommonOptions.Quiet();

        var command = new Command(
            "train",
            "Train a network on a CSV file; prints a summary (stdout) and progress (stderr)"
        );
        Option[] options =
        [
            output,
            cv,
            resume,
            .. shared.DataGroup,
            hidden,
            activation,
            optimizer,
            lr,
            batchSize,
            .. shared.TrainingGroup,
            history,
            plotLoss,
            animate,
            frameEvery,
            animateFeatures,
            memory,
            cache,
            json,
            quiet,
        ];
        command.Arguments.Add(data);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        var sharding = new ShardOptions();
        sharding.AddTo(command);
        command.SetAction(parse =>
        {
            bool animating = parse.GetValue(animate) is not null;
            OptionParsing.OnlyWhere(parse, frameEvery, animating, "with --animate");
            OptionParsing.OnlyWhere(parse, animateFeatures, animating, "with --animate");
            shared.CheckCombinations(parse, parse.GetValue(optimizer) == "momentum");
            bool crossValidating = parse.GetValue(cv) is not null;
            foreach (
                var option in new Option[]
                {
                    history,
                    plotLoss,
                    animate,
                    resume,
                    shared.ValidationData,
                }
            )
            {
                OptionParsing.OnlyWhere(parse, option, !crossValidating, "without --cv");
            }
            string? resumePath = parse.GetValue(resume);
            var resumed = resumePath is null ? null : Resumable(resumePath);
            var architecture = shared.Architecture(
                parse,
                parse.GetValue(hidden)!,
                parse.GetValue(activation)!
            );
            var settings = resumed is null
                ? shared.Settings(
                    parse,
                    architecture.Hidden,
                    architecture.Activation,
                    TrainingSettings.ParseOptimizer(parse.GetValue(optimizer)!)!.Value,
                    parse.GetValue(lr),
                    OptionParsing.BatchSize(parse.GetValue(batchSize)!)
                ) with
                {
                    AutoHidden = architecture.AutoHidden,
                }
                : shared.Resumed(
                    parse,
                    resumed.Settings,
                    resumed.State!.EpochsRun,
                    [hidden, activation, optimizer],
                    lr,
                    batchSize
                );
            var request = new TrainRequest(
                parse.GetValue(data)!,
                parse.GetValue(output)!,
                resumed is null ? shared.Data(parse) : TrainOptions.DataOf(resumed),
                settings,
                parse.GetValue(shared.Threads)
            )
            {
                Resume = resumed,
                ResumePath = resumePath,
                HistoryPath = parse.GetValue(history),
                ValidationDataPath = parse.GetValue(shared.ValidationData),
                PlotLossPath = parse.GetValue(plotLoss),
                AnimatePath = parse.GetValue(animate),
                FrameEvery = parse.GetValue(frameEvery),
                AnimateFeatures = parse.GetValue(animateFeatures) is string pair
                    ? OptionParsing.List(pair)
                    : null,
                Json = parse.GetValue(json),
                Quiet = parse.GetValue(quiet),
                Memory = parse.GetValue(memory) is string size ? MemorySize(size) : null,
                CacheDirectory = parse.GetValue(cache),
            };
            OptionParsing.Check(
                crossValidating || !sharding.Given(parse, context),
                "--shard and --slurm split --cv's folds: one training runs whole"
            );
            if (parse.GetValue(cv) is int folds)
            {
                (string, string?)[] inputs = [("training data", request.DataPath)];
                var (submitted, shards) = sharding.Resolve(parse, context, "cv", inputs);
                if (submitted is int code)
                {
                    return code;
                }
                return CrossValidationRun.Run(
                    request with
                    {
                        Shards = shards,
                    },
                    folds,
                    OptionParsing.Given(parse, output),
                    context
                );
            }
            TrainRun.Run(request, context);
            return 0;
        });
        return command;
    }

    private static long MemorySize(string text) =>
        Data.Streaming.MemoryBudget.Parse(text)
        ?? throw new UsageException(
            $"--memory '{text}' is not a size: write bytes, or a number with K, M, G or T (400M, 1.5G)"
        );

    /// <summary>A model --resume can continue: one network (not an ensemble) that kept its training state.</summary>
    private static MlpModel Resumable(string path)
    {
        var model = ModelFileReader.Load(path);
        if (model.Settings.Ensemble > 1)
        {
            throw new MlpException(
                $"the model is an ensemble of {model.Settings.Ensemble} networks, which cannot be resumed",
                new ErrorPlace(path),
                "train a new model, with --epochs for its length"
            );
        }
        return model.State is not null
            ? model
            : throw new MlpException(
                "the model has no training state to resume (it was written before mlp kept one)",
                new ErrorPlace(path),
                "train it again to get a model that can be resumed"
            );
    }
}
