using System.CommandLine;
using System.Globalization;
using Mlp.Cli.Plot;
using Mlp.Cli.Sharding;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

/// <summary>`mlp sweep DATA --activation relu,tanh --lr 0.1,0.01,0.001`: every combination trained and compared.</summary>
internal static class SweepCommand
{
    public static Command Create(CliContext context)
    {
        var data = CommonOptions.Data("Training CSV (header row; '-' reads stdin)");
        var shared = new TrainOptions();
        var hidden = Repeatable(
            TrainOptions.HiddenOption(
                "Hidden layer sizes; repeat for each architecture, e.g. --hidden 8 --hidden 16,16"
            )
        );
        var activation = Repeatable(
            TrainOptions.ActivationOption(
                $"Hidden activations, comma-separated: {string.Join(", ", ActivationNames.All)}"
            )
        );
        var optimizer = Repeatable(
            TrainOptions.OptimizerOption(
                $"Optimizers, comma-separated: {string.Join(", ", TrainingSettings.Optimizers.Names)}"
            )
        );
        var lr = Repeatable(
            new Option<string>("--lr")
            {
                Description = "Learning rates, comma-separated, e.g. 0.1,0.01,0.001",
                DefaultValueFactory = _ =>
                    TrainOptions.DefaultLearningRate.ToString("R", CultureInfo.InvariantCulture),
            }
        );
        var batchSize = Repeatable(
            TrainOptions.BatchSizeOption("Rows per step, comma-separated (full: the whole set)")
        );
        var output = new Option<string?>("--out")
        {
            Description =
                "Keep every model in this folder (created if missing), named by its setting, e.g. relu_lr0.1.mlp",
        };
        var plot = new Option<string?>("--plot")
        {
            Description =
                "Draw every combination side by side, PNG or SVG by the extension: decision regions over two features, or the loss curves when the model has fewer than two numeric features",
        };
        var plotFeatures = new Option<string?>("--plot-features")
        {
            Description =
                "--plot: the two numeric features on the axes [default: the two most important to the best combination's model, by permutation on the drawn rows]",
        };
        var json = CommonOptions.Json("one record per combination");
        var quiet = CommonOptions.Quiet();
        var command = new Command(
            "sweep",
            "Train every combination of the listed settings (the same models as `mlp train` with each) and compare them"
        );
        command.Arguments.Add(data);
        Option[] options =
        [
            .. shared.DataGroup,
            hidden,
            activation,
            optimizer,
            lr,
            batchSize,
            .. shared.TrainingGroup,
            output,
            plot,
            plotFeatures,
            json,
            quiet,
        ];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        var sharding = new ShardOptions();
        sharding.AddTo(command);
        command.SetAction(parse =>
        {
            OptionParsing.OnlyWhere(
                parse,
                plotFeatures,
                parse.GetValue(plot) is not null,
                "with --plot"
            );
            var hiddens = Distinct(
                parse.GetValue(hidden)!,
                OptionParsing.HiddenSizes,
                h => string.Join(',', h)
            );
            var activations = Distinct(
                Items(parse.GetValue(activation)!),
                name =>
                    ActivationNames.Parse(name)
                    ?? throw Unknown("--activation", name, ActivationNames.All),
                a => a.Name()
            );
            var optimizers = Distinct(
                Items(parse.GetValue(optimizer)!),
                name =>
                    TrainingSettings.ParseOptimizer(name)
                    ?? throw Unknown("--optimizer", name, TrainingSettings.Optimizers.Names),
                TrainingSettings.OptimizerName
            );
            var rates = Distinct(
                Items(parse.GetValue(lr)!),
                LearningRate,
                r => r.ToString("R", CultureInfo.InvariantCulture)
            );
            var batches = Distinct(
                Items(parse.GetValue(batchSize)!),
                OptionParsing.BatchSize,
                OptionParsing.BatchSizeText
            );
            shared.CheckCombinations(parse, optimizers.Contains(OptimizerKind.Momentum));
            var combinations = (
                from a in activations
                from r in rates
                from h in hiddens
                from b in batches
                from o in optimizers
                select new SweepCombination(h, a, o, r, b)
            ).ToList();
            var varied = new SweepAxes(
                activations.Count > 1,
                rates.Count > 1,
                hiddens.Count > 1,
                batches.Count > 1,
                optimizers.Count > 1
            );
            var settings = combinations
                .Select(c =>
                    shared.Settings(
                        parse,
                        c.Hidden,
                        c.Activation,
                        c.Optimizer,
                        c.LearningRate,
                        c.BatchSize
                    )
                )
                .ToList();
            int? threads = parse.GetValue(shared.Threads);
            string? validationPath = parse.GetValue(shared.ValidationData);
            foreach (var setting in settings)
            {
                TrainRun.Validate(setting, threads, validationPath is not null);
            }
            (string, string?)[] inputs =
            [
                ("training data", parse.GetValue(data)),
                ("--validation-data", validationPath),
            ];
            var (submitted, shards) = sharding.Resolve(parse, context, "sweep", inputs);
            if (submitted is int code)
            {
                return code;
            }
            return SweepRun.Run(
                new SweepRequest(
                    parse.GetValue(data)!,
                    combinations,
                    varied,
                    settings,
                    shared.Data(parse),
                    threads
                )
                {
                    ValidationDataPath = validationPath,
                    ModelFolder = parse.GetValue(output),
                    PlotPath = parse.GetValue(plot),
                    PlotFeatures = parse.GetValue(plotFeatures) is string pair
                        ? OptionParsing.List(pair)
                        : null,
                    Json = parse.GetValue(json),
                    Quiet = parse.GetValue(quiet),
                    Shards = shards,
                },
                context
            );
        });
        return command;
    }

    /// <summary>An option that takes comma-separated lists and may be repeated.</summary>
    private static Option<string[]> Repeatable(Option<string> single)
    {
        var option = new Option<string[]>(single.Name)
        {
            Description = single.Description,
            AllowMultipleArgumentsPerToken = false,
        };
        string[] fallback = [(string)single.GetDefaultValue()!];
        option.DefaultValueFactory = _ => fallback;
        return option;
    }

    private static IEnumerable<string> Items(string[] values) =>
        values.SelectMany(OptionParsing.List);

    /// <summary>The values parsed, each once, in the order given.</summary>
    private static List<T> Distinct<T>(
        IEnumerable<string> texts,
        Func<string, T> parse,
        Func<T, string> key
    )
    {
        var values = new List<T>();
        var seen = new HashSet<string>();
        foreach (var text in texts)
        {
            var value = parse(text);
            if (seen.Add(key(value)))
            {
                values.Add(value);
            }
        }
        return values.Count > 0
            ? values
            : throw new UsageException("a swept option was given an empty list");
    }

    private static UsageException Unknown(
        string option,
        string name,
        IEnumerable<string> choices
    ) => new($"{option} '{name}' is not one of: {string.Join(", ", choices)}");

    private static float LearningRate(string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float rate)
        && rate > 0
        && float.IsFinite(rate)
            ? rate
            : throw new UsageException($"--lr '{text}' is not a positive number");
}
