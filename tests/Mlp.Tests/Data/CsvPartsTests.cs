using System.Globalization;
using System.Text;
using Mlp.Cli;
using Mlp.Cli.Data;
using Mlp.Kernels;

namespace Mlp.Tests.Data;

[CollectionDefinition(nameof(CsvPartsTests), DisableParallelization = true)]
public class CsvPartsCollection;

/// <summary>Reading a file in parts on several threads gives exactly what one reader gives, errors included.</summary>
[Collection(nameof(CsvPartsTests))]
public class CsvPartsTests
{
    private static string Generate(int rows, int seed, int? badLine = null)
    {
        var random = new Random(seed);
        string[] colors = ["red", "green", "blue", "teal"];
        var csv = new StringBuilder("x1,color,x2,y\n");
        for (int r = 0; r < rows; r++)
        {
            int line = r + 2;
            string x2 =
                line == badLine ? "oops"
                : random.Next(20) == 0 ? ""
                : (random.NextDouble() * 100).ToString("0.###", CultureInfo.InvariantCulture);
            // The first rows use only two colours, so later parts bring new categories.
            string color = colors[random.Next(r < rows / 2 ? 2 : 4)];
            csv.Append(
                CultureInfo.InvariantCulture,
                $"{random.NextDouble() - 0.5:0.####},{color},{x2},{random.Next(3)}\n"
            );
        }
        return csv.ToString();
    }

    private static T InParts<T>(int parts, Func<T> read)
    {
        long bytes = RawTable.ParallelBytes;
        int threads = WorkerPool.Threads;
        try
        {
            RawTable.ParallelBytes = parts > 1 ? 1 : long.MaxValue;
            WorkerPool.Threads = parts;
            return read();
        }
        finally
        {
            RawTable.ParallelBytes = bytes;
            WorkerPool.Threads = threads;
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Parts_load_the_same_dataset_as_one_reader(int parts)
    {
        using var folder = new TempFolder();
        string path = folder.Write("data.csv", Generate(3000, parts));
        var options = new DataOptions { ImputeMissingWithMean = true };
        var whole = InParts(1, () => DatasetLoader.Load(path, options));
        var split = InParts(parts, () => DatasetLoader.Load(path, options));
        Assert.Equal(whole.Schema.FeatureNames, split.Schema.FeatureNames);
        Assert.Equal(whole.Schema.Classes, split.Schema.Classes);
        Assert.Equal(whole.Schema.Impute, split.Schema.Impute);
        Assert.Equal(whole.Target, split.Target);
        Assert.Equal(whole.Columns.Length, split.Columns.Length);
        for (int c = 0; c < whole.Columns.Length; c++)
        {
            Assert.Equal(whole.Columns[c], split.Columns[c]);
        }
        Assert.Contains("color=teal", split.Schema.FeatureNames);
    }

    [Fact]
    public void An_error_in_a_later_part_names_the_same_line()
    {
        using var folder = new TempFolder();
        string path = folder.Write("bad.csv", Generate(3000, 1, badLine: 2700));
        var whole = Assert.Throws<MlpException>(() =>
            InParts(
                1,
                () => DatasetLoader.Load(path, new DataOptions { ImputeMissingWithMean = true })
            )
        );
        var split = Assert.Throws<MlpException>(() =>
            InParts(
                3,
                () => DatasetLoader.Load(path, new DataOptions { ImputeMissingWithMean = true })
            )
        );
        Assert.Equal(whole.FormatLine(), split.FormatLine());
        Assert.Contains("bad.csv:2700", split.FormatLine());
    }

    [Fact]
    public void A_ragged_row_in_a_later_part_names_its_line()
    {
        using var folder = new TempFolder();
        var text = Generate(3000, 2).Split('\n');
        text[2500] = "1,2"; // line 2501
        string path = folder.Write("ragged.csv", string.Join('\n', text));
        var split = Assert.Throws<MlpException>(() =>
            InParts(
                4,
                () => DatasetLoader.Load(path, new DataOptions { ImputeMissingWithMean = true })
            )
        );
        Assert.Contains("ragged.csv:2501", split.FormatLine());
    }

    [Fact]
    public void Files_with_quotes_are_not_split()
    {
        using var folder = new TempFolder();
        string path = folder.Write("quoted.csv", "a,b\n1,\"x\ny\"\n2,z\n");
        Assert.Null(CsvSplit.Plan(path, 2));
        var table = InParts(
            2,
            () => DatasetLoader.Load(path, new DataOptions { Task = Mlp.Cli.Model.TaskKind.Binary })
        );
        Assert.Equal(2, table.Rows);
    }
}
