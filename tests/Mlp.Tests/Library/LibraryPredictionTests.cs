using System.Globalization;
using Mlp.Tests.EndToEnd;

namespace Mlp.Tests.Library;

/// <summary>
/// The library's predictions, through its public API only: checked against the independent
/// double-precision forward pass written from `mlp weights` alone, and against `mlp predict`.
/// </summary>
public class LibraryPredictionTests
{
    private static readonly string[][] IrisRows = File.ReadAllLines(TestData.Iris)
        .Skip(1)
        .Select(line => line.Split(','))
        .ToArray();

    private static TrainedModel Iris(TempFolder folder, out IndependentForward reference)
    {
        var model = TrainedModel.Train(
            TestData.Iris,
            new TrainingOptions
            {
                Epochs = 30,
                Seed = 3,
                Hidden = [12],
            }
        );
        string path = folder.File("iris.mlp");
        model.Save(path);
        var weights = CliRunner.Run("weights", path);
        Assert.Equal(0, weights.ExitCode);
        reference = new IndependentForward(weights.Stdout);
        return TrainedModel.Load(path);
    }

    [Fact]
    public void A_row_of_numbers_predicts_what_the_independent_forward_pass_computes()
    {
        using var folder = new TempFolder();
        var model = Iris(folder, out var reference);
        foreach (var cells in IrisRows)
        {
            double[] row =
            [
                .. cells[..4].Select(c => double.Parse(c, CultureInfo.InvariantCulture)),
            ];
            var prediction = model.Predict(row);
            var expected = reference.Outputs(row);
            Assert.Equal(3, prediction.Probabilities.Count);
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(expected[c], prediction.Probabilities[c], 1e-5);
            }
            int best = Array.IndexOf(expected, expected.Max());
            Assert.Equal(model.Classes[best], prediction.Label);
            Assert.Equal(expected[best], prediction.Value, 1e-5);
            Assert.Equal(
                model.Predict([.. row.Select(v => (double)(float)v)]),
                model.Predict([.. row.Select(v => (float)v)]),
                Same
            );
            Assert.Equal(prediction, model.Predict([.. cells[..4]]), Same);
        }
    }

    private static readonly IEqualityComparer<Prediction> Same =
        EqualityComparer<Prediction>.Create(
            (a, b) =>
                a!.Value == b!.Value
                && a.Label == b.Label
                && a.Probabilities.SequenceEqual(b.Probabilities)
        );

    [Fact]
    public void Rows_in_a_batch_a_file_and_one_at_a_time_predict_alike_and_as_mlp_predict()
    {
        using var folder = new TempFolder();
        var model = Iris(folder, out _);
        double[] flat =
        [
            .. IrisRows
                .SelectMany(c => c[..4])
                .Select(c => double.Parse(c, CultureInfo.InvariantCulture)),
        ];
        var batch = model.PredictRows(flat);
        var file = model.PredictFile(TestData.Iris);
        Assert.Equal(IrisRows.Length, batch.Count);
        Assert.Equal(batch, file, Same);
        // One row alone may take another product path than 150 together: equal to float rounding.
        for (int r = 0; r < IrisRows.Length; r += 37)
        {
            var alone = model.Predict(flat.AsSpan(r * 4, 4));
            Assert.Equal(batch[r].Label, alone.Label);
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(batch[r].Probabilities[c], alone.Probabilities[c], 1e-6);
            }
        }
        var cli = CliRunner.Run("predict", folder.File("iris.mlp"), TestData.Iris);
        Assert.Equal(0, cli.ExitCode);
        var lines = cli.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(IrisRows.Length, lines.Length);
        for (int r = 0; r < lines.Length; r++)
        {
            var fields = lines[r].Split(',');
            Assert.Equal(fields[3], batch[r].Label);
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(
                    float.Parse(fields[c], CultureInfo.InvariantCulture),
                    (float)batch[r].Probabilities[c]
                );
            }
        }
    }

    [Fact]
    public void Text_cells_gaps_and_unseen_categories_are_read_as_in_a_file()
    {
        using var folder = new TempFolder();
        string data = folder.Write(
            "d.csv",
            "size,colour,y\n"
                + string.Concat(
                    Enumerable
                        .Range(0, 60)
                        .Select(i =>
                            $"{(i % 9 == 4 ? "" : (i % 10).ToString(CultureInfo.InvariantCulture))},{(i % 3 == 0 ? "red" : i % 3 == 1 ? "blue" : "")},{(i % 10) + (i % 3) * 0.25}\n"
                        )
                )
        );
        var model = TrainedModel.Train(data, new TrainingOptions { Epochs = 5, Seed = 1 });
        Assert.Equal(ModelTask.Regression, model.Task);
        var unseen = new StringWriter();
        model.Warnings = unseen;
        string rows = folder.Write("rows.csv", "size,colour\n3,red\n,blue\n7,\n2,green\n");
        var fromFile = model.PredictFile(rows);
        Assert.Equal(fromFile[0], model.Predict(["3", "red"]), Same);
        Assert.Equal(fromFile[1], model.Predict([null, "blue"]), Same);
        Assert.Equal(fromFile[2], model.Predict(["7", "NA"]), Same);
        Assert.Equal(fromFile[3], model.Predict(["2", "green"]), Same);
        Assert.Contains(
            "'green' was not seen in training",
            unseen.ToString(),
            StringComparison.Ordinal
        );
        Assert.Null(fromFile[0].Label);
        Assert.Empty(fromFile[0].Probabilities);
    }

    [Fact]
    public void A_row_of_the_wrong_width_or_an_unreadable_cell_is_refused()
    {
        using var folder = new TempFolder();
        var model = Iris(folder, out _);
        Assert.Throws<ArgumentException>(() => model.Predict([1.0, 2, 3]));
        Assert.Throws<ArgumentException>(() => model.PredictRows([1.0, 2, 3, 4, 5]));
        var error = Assert.Throws<MlpException>(() => model.Predict(["1", "2", "three", "4"]));
        Assert.Equal("petal_length_cm", error.Place!.Column);
        var strict = TrainedModel.Train(TestData.Iris, new TrainingOptions { Epochs = 2 });
        Assert.Equal(ModelTask.Multiclass, strict.Task);
    }

    [Fact]
    public void Save_and_load_keep_every_prediction_and_onnx_is_what_mlp_export_writes()
    {
        using var folder = new TempFolder();
        var model = Iris(folder, out _);
        string again = folder.File("again.mlp");
        model.Save(again);
        Assert.Equal(File.ReadAllBytes(folder.File("iris.mlp")), File.ReadAllBytes(again));
        model.ExportOnnx(folder.File("lib.onnx"));
        Assert.Equal(0, CliRunner.Run("export", again, "-o", folder.File("cli.onnx")).ExitCode);
        Assert.Equal(
            File.ReadAllBytes(folder.File("cli.onnx")),
            File.ReadAllBytes(folder.File("lib.onnx"))
        );
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }
}
