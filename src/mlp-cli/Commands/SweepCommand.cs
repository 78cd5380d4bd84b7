using System.CommandLine;
using System.Globalization;
using Mlp.Cli.Plot;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

/// <summary>`mlp sweep DATA --activation relu,tanh --lr 0.1,0.01,0.001`: every combination trained and compared.</summary>
internal static class SweepCommand
{
    private const int PlotRows = 1000;

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

            string dataPath = parse.GetValue(data)!;
            string? folder = parse.GetValue(output);
            bool createdFolder = folder is not null && CreateFolder(folder);
            try
            {
                // Disposed before the finally below, so a run that stops removes its temporary files first.
                using var outputs = new OutputPlan(context);
                outputs.Input("training data", dataPath);
                outputs.Input("--validation-data", validationPath);
                var models = folder is null
                    ? null
                    : combinations
                        .Select(c =>
                            outputs.Output("--out", Path.Combine(folder, c.FileName(varied)))
                        )
                        .ToArray();
                var picture = parse.GetValue(plot) is string plotPath
                    ? ImageFile.Plan(outputs, "--plot", plotPath)
                    : null;
                if (parse.GetValue(json))
                {
                    outputs.ClaimStdout("--json");
                }
                var dataOptions = shared.Data(parse);
                var dataset = DatasetLoader.Load(
                    dataPath,
                    dataOptions with
                    {
                        Dialect = context.Dialect,
                    },
                    context.StandardInput,
                    warnings: context.Error,
                    cancel: context.Cancel
                );
                if (validationPath is not null)
                {
                    dataset = ValidationData.Append(
                        dataset,
                        validationPath,
                        dataOptions.SampleWeight,
                        context.Reading
                    );
                }
                var pictureData = picture is null
                    ? null
                    : PictureData(dataset, parse.GetValue(shared.Seed));
                var names = parse.GetValue(plotFeatures) is string pair
                    ? OptionParsing.List(pair)
                    : null;
                var outcomes = TrainingProgress.RunMany(
                    context,
                    lines: !parse.GetValue(quiet) && !context.Quiet,
                    settings.Count,
                    _ => dataset.Copy(),
                    i => settings[i],
                    threads ?? WorkerPool.DefaultThreads(),
                    (i, done, result) =>
                    {
                        string what = SweepPicture.Setting(combinations[i], varied);
                        return string.Create(
                            CultureInfo.InvariantCulture,
                            $"mlp: trained {done}/{combinations.Count}{(what.Length > 0 ? $" ({what})" : "")} in {result.TrainSeconds:0.##} s"
                        );
                    }
                );
                // What finished is kept and shown; each combination that failed is a line of its own.
                int[] finished =
                [
                    .. Enumerable
                        .Range(0, outcomes.Length)
                        .Where(i => outcomes[i].Result is not null),
                ];
                var results = finished.Select(i => outcomes[i].Result!).ToArray();
                var finishedCombinations = finished.Select(i => combinations[i]).ToList();
                for (int k = 0; models is not null && k < finished.Length; k++)
                {
                    var model = results[k].Model;
                    outputs.Write(models[finished[k]], stream => ModelFile.Write(model, stream));
                }
                ImageFile.CommitWith(
                    outputs,
                    results.Length == 0 ? null : picture,
                    () =>
                        SweepPicture.Draw(
                            finishedCombinations,
                            varied,
                            results,
                            pictureData!,
                            PlotAxes(dataset, names, pictureData!, results, settings[0].Seed),
                            LossFunction.DisplayName(dataset.Schema.Task)
                        ),
                    context
                );
                createdFolder = false;
                var failures = Enumerable
                    .Range(0, outcomes.Length)
                    .Where(i => outcomes[i].Failure is not null)
                    .Select(i => (combinations[i], DomainErrors.Describe(outcomes[i].Failure)))
                    .ToList();
                SweepOutput.Write(
                    finishedCombinations,
                    varied,
                    results,
                    failures,
                    dataset,
                    models is null ? null : [.. finished.Select(i => models[i].Path)],
                    settings[0].Seed,
                    parse.GetValue(json),
                    context.Out
                );
                foreach (var (combination, failure) in failures)
                {
                    string what = SweepPicture.Setting(combination, varied);
                    context.Error.WriteLine($"mlp: error: {what}: {failure}");
                }
                return failures.Count == 0 ? 0 : (int)ExitCode.BadInput;
            }
            finally
            {
                if (createdFolder)
                {
                    RemoveEmptyFolder(folder!);
                }
            }
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

    /// <summary>Creates the --out folder when it is missing; true when it did.</summary>
    private static bool CreateFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            return false;
        }
        if (File.Exists(folder))
        {
            throw new UsageException($"--out '{folder}' is a file, not a folder");
        }
        try
        {
            Directory.CreateDirectory(folder);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out '{folder}' cannot be created: {e.Message}");
        }
    }

    private static void RemoveEmptyFolder(string folder)
    {
        try
        {
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (IOException) { }
    }

    /// <summary>Up to 1,000 rows (a seeded sample, as the training animation takes) in their units, for the panels.</summary>
    private static PlotData PictureData(Dataset data, long seed)
    {
        var rows = RowSample.Take(data.Rows, PlotRows, Rng.For(seed, RngStream.RowSample));
        var (inputs, targets) = data.InUnits(rows);
        return new PlotData(inputs, targets);
    }

    /// <summary>
    /// The two inputs on the panels' axes: those named, else the two numeric features most
    /// important to the best combination's model on the drawn rows; null when the model has
    /// fewer than two numeric features and none were named.
    /// </summary>
    private static (int X, int Y)? PlotAxes(
        Dataset dataset,
        IReadOnlyList<string>? names,
        PlotData data,
        TrainingResult[] results,
        long seed
    )
    {
        var schema = dataset.Schema;
        if (names is null && schema.Sources.Count(s => !s.IsCategorical) < 2)
        {
            return null;
        }
        var ranking = names is null
            ? FeaturePair.Ranking(
                results[SweepOutput.Best(results, SweepOutput.MetricName(schema.Task)).Index].Model,
                data,
                seed
            )
            : null;
        return FeaturePair.Choose(schema, names, "--plot-features", data, ranking);
    }
}
