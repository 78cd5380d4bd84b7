using System.Globalization;

namespace Mlp.Tests.Library;

/// <summary>
/// The library's training, through its public API only: the same options give the model the
/// command line gives (byte for byte), from a file or from the same cells in memory; a setting
/// out of range is refused by its property's name before any data is read; bad data says where.
/// </summary>
public class LibraryTrainingTests
{
    private static byte[] Saved(TrainedModel model, TempFolder folder, string name)
    {
        string path = folder.File(name);
        model.Save(path);
        return File.ReadAllBytes(path);
    }

    private static byte[] CliModel(TempFolder folder, string data, params string[] options)
    {
        string path = folder.File("cli.mlp");
        var run = CliRunner.Run(["train", data, "-o", path, "-q", .. options]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void Default_options_train_the_model_mlp_train_writes_without_options()
    {
        using var folder = new TempFolder();
        var model = TrainedModel.Train(TestData.Iris, new TrainingOptions { Threads = 1 });
        Assert.Equal(
            CliModel(folder, TestData.Iris, "--threads", "1"),
            Saved(model, folder, "lib.mlp")
        );
        Assert.Equal(ModelTask.Multiclass, model.Task);
        Assert.Equal(["setosa", "versicolor", "virginica"], model.Classes);
        Assert.Equal("species", model.TargetName);
    }

    [Fact]
    public void Each_option_trains_the_model_its_command_line_option_trains()
    {
        using var folder = new TempFolder();
        var options = new TrainingOptions
        {
            Hidden = [8, 4],
            Activation = "tanh",
            Optimizer = "momentum",
            Momentum = 0.8,
            LearningRate = 0.02,
            BatchSize = 16,
            Epochs = 12,
            L2 = 0.001,
            Dropout = 0.1,
            Validation = 0.25,
            Patience = 5,
            Seed = 9,
            Target = "species",
            Features = ["petal_length_cm", "petal_width_cm", "sepal_width_cm"],
        };
        var model = TrainedModel.Train(TestData.Iris, options);
        var cli = CliModel(
            folder,
            TestData.Iris,
            [
                "--hidden",
                "8,4",
                "--activation",
                "tanh",
                "--optimizer",
                "momentum",
                "--momentum",
                "0.8",
            ],
            ["--lr", "0.02", "--batch-size", "16", "--epochs", "12", "--l2", "0.001"],
            ["--dropout", "0.1", "--validation", "0.25", "--patience", "5", "--seed", "9"],
            ["--target", "species", "--features", "petal_length_cm,petal_width_cm,sepal_width_cm"]
        );
        Assert.Equal(cli, Saved(model, folder, "lib.mlp"));
        Assert.Equal(["petal_length_cm", "petal_width_cm", "sepal_width_cm"], model.Features);
    }

    private static byte[] CliModel(TempFolder folder, string data, params string[][] groups) =>
        CliModel(folder, data, [.. groups.SelectMany(g => g)]);

    /// <summary>A table with a text column, gaps in both kinds of column, and a numeric target.</summary>
    private static (Table Table, string Csv) Mixed()
    {
        var random = new Random(5);
        int rows = 120;
        var x = new double[rows];
        var colour = new string?[rows];
        var y = new double[rows];
        var csv = new System.Text.StringBuilder("x,colour,y\n");
        string[] colours = ["red", "green", "blue, dark", "\"quoted\""];
        for (int r = 0; r < rows; r++)
        {
            x[r] = r % 17 == 3 ? double.NaN : Math.Round(random.NextDouble() * 10, 3);
            colour[r] = r % 23 == 5 ? null : colours[random.Next(colours.Length)];
            y[r] = Math.Round((double.IsNaN(x[r]) ? 5 : x[r]) * 2 + (colour[r]?.Length ?? 0), 3);
            string text =
                colour[r] is string c && (c.Contains(',') || c.Contains('"'))
                    ? $"\"{c.Replace("\"", "\"\"")}\""
                    : colour[r] ?? "";
            csv.Append(
                CultureInfo.InvariantCulture,
                $"{(double.IsNaN(x[r]) ? "" : x[r].ToString("R", CultureInfo.InvariantCulture))},{text},{y[r].ToString("R", CultureInfo.InvariantCulture)}\n"
            );
        }
        var table = new Table().Add("x", x).Add("colour", colour).Add("y", y);
        return (table, csv.ToString());
    }

    [Fact]
    public void A_table_in_memory_trains_the_model_the_same_cells_in_a_file_train()
    {
        using var folder = new TempFolder();
        var (table, csv) = Mixed();
        string path = folder.Write("mixed.csv", csv);
        var options = new TrainingOptions
        {
            Epochs = 5,
            Seed = 4,
            Threads = 1,
        };
        var fromTable = TrainedModel.Train(table, options);
        var fromFile = TrainedModel.Train(path, options);
        Assert.Equal(Saved(fromFile, folder, "file.mlp"), Saved(fromTable, folder, "table.mlp"));
        Assert.Equal(["colour"], fromTable.CategoricalFeatures);
        Assert.Equal(ModelTask.Regression, fromTable.Task);
        Assert.Contains(
            fromTable.TrainingWarnings,
            w => w.Contains("\"x\"", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void The_thread_count_does_not_change_the_model()
    {
        using var folder = new TempFolder();
        var one = TrainedModel.Train(
            TestData.Iris,
            new TrainingOptions { Threads = 1, Epochs = 8 }
        );
        var two = TrainedModel.Train(
            TestData.Iris,
            new TrainingOptions { Threads = 2, Epochs = 8 }
        );
        Assert.Equal(Saved(one, folder, "one.mlp"), Saved(two, folder, "two.mlp"));
    }

    private sealed class Recorder : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Seen { get; } = [];

        public void Report(TrainingProgress value) => Seen.Add(value);
    }

    [Fact]
    public void Progress_hears_every_epoch_and_a_cancelled_token_stops_training()
    {
        var recorder = new Recorder();
        TrainedModel.Train(
            TestData.Iris,
            new TrainingOptions { Epochs = 7, Validation = 0.2 },
            recorder
        );
        Assert.Equal(Enumerable.Range(1, 7), recorder.Seen.Select(p => p.Epoch));
        Assert.All(recorder.Seen, p => Assert.True(p.Loss > 0 && p.ValidationLoss > 0));

        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            TrainedModel.Train(
                TestData.Iris,
                new TrainingOptions { Epochs = 7 },
                null,
                cancel.Token
            )
        );
    }

    public static TheoryData<string, TrainingOptions> Refusals() =>
        new()
        {
            {
                nameof(TrainingOptions.LearningRate),
                new() { LearningRate = 0 }
            },
            {
                nameof(TrainingOptions.LearningRate),
                new() { LearningRate = double.NaN }
            },
            {
                nameof(TrainingOptions.Epochs),
                new() { Epochs = 0 }
            },
            {
                nameof(TrainingOptions.L2),
                new() { L2 = -1 }
            },
            {
                nameof(TrainingOptions.Momentum),
                new() { Momentum = 1 }
            },
            {
                nameof(TrainingOptions.Validation),
                new() { Validation = 1 }
            },
            {
                nameof(TrainingOptions.Patience),
                new() { Patience = 0, Validation = 0.2 }
            },
            {
                nameof(TrainingOptions.Patience),
                new() { Patience = 3, Epochs = 10 }
            },
            {
                nameof(TrainingOptions.Dropout),
                new() { Dropout = 0.2, Hidden = [] }
            },
            {
                nameof(TrainingOptions.Hidden),
                new() { Hidden = [16, 0] }
            },
            {
                nameof(TrainingOptions.BatchSize),
                new() { BatchSize = -1 }
            },
            {
                nameof(TrainingOptions.Ensemble),
                new() { Ensemble = 0 }
            },
            {
                nameof(TrainingOptions.Activation),
                new() { Activation = "swish" }
            },
            {
                nameof(TrainingOptions.Optimizer),
                new() { Optimizer = "lbfgs" }
            },
            {
                nameof(TrainingOptions.Threads),
                new() { Threads = 0 }
            },
        };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_setting_out_of_range_is_refused_by_its_name_before_the_data_is_read(
        string setting,
        TrainingOptions options
    )
    {
        var refused = Assert.Throws<InvalidSettingException>(() =>
            TrainedModel.Train("no such file.csv", options)
        );
        Assert.Equal(setting, refused.Setting);
        Assert.StartsWith(setting, refused.Message, StringComparison.Ordinal);
        Assert.Equal(setting, Assert.Throws<InvalidSettingException>(options.Validate).Setting);
    }

    [Fact]
    public void Dropout_with_the_automatic_capacity_is_accepted()
    {
        new TrainingOptions { Dropout = 0.1 }.Validate();
    }

    [Fact]
    public void Bad_data_says_which_file_line_and_column()
    {
        using var folder = new TempFolder();
        string path = folder.Write("bad.csv", "a,b,y\n1,2,0\n3,1e999,1\n");
        var error = Assert.Throws<MlpException>(() => TrainedModel.Train(path));
        Assert.Equal(new ErrorPlace(path, 3, "b"), error.Place);

        var table = new Table()
            .Add("a", [1.0, 2, double.PositiveInfinity, 4])
            .Add("y", ["0", "1", "0", "1"]);
        var inTable = Assert.Throws<MlpException>(() => TrainedModel.Train(table));
        Assert.Equal(new ErrorPlace("<table>", 4, "a"), inTable.Place);
        Assert.DoesNotContain("stdin", inTable.Describe(), StringComparison.Ordinal);

        // A row without a target is left out, as the command line's default gaps rule does.
        var unlabelled = new Table()
            .Add("a", [1.0, 2, 3, 4, 5])
            .Add("y", ["0", "1", null, "1", "0"]);
        Assert.NotNull(TrainedModel.Train(unlabelled, new TrainingOptions { Epochs = 2 }));
    }

    [Fact]
    public void A_table_refuses_a_taken_name_and_a_column_of_another_length()
    {
        var table = new Table().Add("a", [1.0, 2]);
        Assert.Throws<ArgumentException>(() => table.Add("a", [3.0, 4]));
        Assert.Throws<ArgumentException>(() => table.Add("b", [3.0]));
        Assert.Equal(["a"], table.Columns);
        Assert.Equal(2, table.Rows);
    }
}
