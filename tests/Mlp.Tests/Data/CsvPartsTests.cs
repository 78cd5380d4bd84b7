using System.Globalization;
using System.Text;
using Mlp.Cli;
using Mlp.Data;
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
        var options = new DataOptions { Missing = MissingStrategy.Mean };
        var whole = InParts(1, () => DatasetLoader.Load(path, options));
        var split = InParts(parts, () => DatasetLoader.Load(path, options));
        AssertSame(whole, split);
        Assert.Contains("color=teal", split.Schema.FeatureNames);
    }

    private static void AssertSame(Dataset whole, Dataset split)
    {
        Assert.Equal(whole.Schema.FeatureNames, split.Schema.FeatureNames);
        Assert.Equal(whole.Schema.Classes, split.Schema.Classes);
        Assert.Equal(whole.Schema.Impute, split.Schema.Impute);
        Assert.Equal(whole.Target, split.Target);
        Assert.Equal(whole.Columns.Length, split.Columns.Length);
        for (int c = 0; c < whole.Columns.Length; c++)
        {
            Assert.Equal(whole.Columns[c], split.Columns[c]);
        }
    }

    /// <summary>Texts in a column of numbers, read as gaps under --missing auto: the same dataset and warning from parts as from one reader.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Parts_read_stray_texts_as_one_reader_does(int parts)
    {
        using var folder = new TempFolder();
        var lines = Generate(3000, parts).Split('\n');
        foreach (int line in new[] { 900, 1501, 2100, 2951 })
        {
            var cells = lines[line - 1].Split(',');
            cells[2] = line % 2 == 0 ? "?" : "n.a.";
            lines[line - 1] = string.Join(",", cells);
        }
        string path = folder.Write("stray.csv", string.Join("\n", lines));
        var options = new DataOptions { Missing = MissingStrategy.Auto };
        var wholeWarnings = new StringWriter();
        var splitWarnings = new StringWriter();
        var whole = InParts(1, () => DatasetLoader.Load(path, options, warnings: wholeWarnings));
        var split = InParts(
            parts,
            () => DatasetLoader.Load(path, options, warnings: splitWarnings)
        );
        AssertSame(whole, split);
        Assert.Equal(wholeWarnings.ToString(), splitWarnings.ToString());
        Assert.Contains(
            "4 values in 1 column of numbers are not numbers ('?', 'n.a.'): read as gaps; --missing error refuses them (first at ",
            splitWarnings.ToString()
        );
        Assert.Contains("stray.csv:900, column \"x2\")", splitWarnings.ToString());
    }

    [Fact]
    public void An_error_in_a_later_part_names_the_same_line()
    {
        using var folder = new TempFolder();
        string path = folder.Write("bad.csv", Generate(3000, 1, badLine: 2700));
        var whole = Assert.Throws<MlpException>(() =>
            InParts(
                1,
                () => DatasetLoader.Load(path, new DataOptions { Missing = MissingStrategy.Mean })
            )
        );
        var split = Assert.Throws<MlpException>(() =>
            InParts(
                3,
                () => DatasetLoader.Load(path, new DataOptions { Missing = MissingStrategy.Mean })
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
                () => DatasetLoader.Load(path, new DataOptions { Missing = MissingStrategy.Mean })
            )
        );
        Assert.Contains("ragged.csv:2501", split.FormatLine());
    }

    [Fact]
    public void Files_with_quotes_are_not_split()
    {
        using var folder = new TempFolder();
        string path = folder.Write("quoted.csv", "a,b\n1,\"x\ny\"\n2,z\n");
        var table = InParts(
            2,
            () => DatasetLoader.Load(path, new DataOptions { Task = Mlp.Model.TaskKind.Binary })
        );
        Assert.Equal(2, table.Rows);
    }

    [Fact]
    public void A_quoted_line_break_late_in_the_file_reads_as_one_reader_reads_it()
    {
        using var folder = new TempFolder();
        var lines = Generate(3000, 3).Split('\n');
        var fields = lines[2500].Split(',');
        fields[1] = "\"te\nal\"";
        lines[2500] = string.Join(',', fields);
        string path = folder.Write("late-quote.csv", string.Join('\n', lines));
        var options = new DataOptions { Missing = MissingStrategy.Mean };
        var whole = InParts(1, () => DatasetLoader.Load(path, options));
        var split = InParts(3, () => DatasetLoader.Load(path, options));
        AssertSame(whole, split);
        Assert.Contains("color=te\nal", split.Schema.FeatureNames);
    }

    [Fact]
    public void A_header_with_quotes_is_not_cut()
    {
        using var folder = new TempFolder();
        string path = folder.Write("quoted-header.csv", "\"a\nb\",c\n1,2\n3,4\n5,6\n");
        Assert.Null(CsvSplit.Plan(path, 2));
    }

    [Fact]
    public void Parts_start_after_line_breaks_and_cover_the_data_rows()
    {
        using var folder = new TempFolder();
        string text = Generate(500, 4);
        string path = folder.Write("cuts.csv", text);
        var parts = CsvSplit.Plan(path, 3)!;
        Assert.Equal(3, parts.Length);
        Assert.Equal(text.IndexOf('\n') + 1, parts[0].Start);
        for (int p = 1; p < parts.Length; p++)
        {
            Assert.Equal(parts[p - 1].Start + parts[p - 1].Length, parts[p].Start);
            Assert.Equal('\n', text[(int)parts[p].Start - 1]);
        }
        Assert.Equal(text.Length, parts[^1].Start + parts[^1].Length);
    }
}
