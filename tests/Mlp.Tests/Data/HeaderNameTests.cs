using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>Headers with empty or repeated names read as pandas reads them, the same way in every command.</summary>
public class HeaderNameTests
{
    [Theory]
    [InlineData("a,b,c", "a,b,c")]
    [InlineData(",a,b", "unnamed_1,a,b")]
    [InlineData("a,,b,", "a,unnamed_2,b,unnamed_4")]
    [InlineData("x,x,x", "x,x.1,x.2")]
    [InlineData("x,x,x.1", "x,x.2,x.1")] // x.1 is a column's own name: the repeat takes the next free one
    [InlineData("unnamed_1,,a", "unnamed_1,unnamed_2,a")]
    [InlineData(",unnamed_1", "unnamed_1.1,unnamed_1")]
    [InlineData("a,a.1,a,a", "a,a.1,a.2,a.3")]
    public void Names_are_made_unique_as_pandas_does(string header, string expected)
    {
        var warnings = new StringWriter();
        var names = HeaderNames.Unique(header.Split(','), "f.csv", warnings);
        Assert.Equal(expected.Split(','), names);
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(header == expected ? "" : "f.csv:1", Place(warnings.ToString()));
    }

    [Fact]
    public void Random_headers_always_come_out_unique_and_keep_every_unique_name()
    {
        var random = new Random(7);
        string[] pool = ["", "a", "b", "a.1", "b.2", "unnamed_1", "unnamed_3"];
        for (int trial = 0; trial < 500; trial++)
        {
            var header = Enumerable
                .Range(0, random.Next(1, 9))
                .Select(_ => pool[random.Next(pool.Length)])
                .ToArray();
            var names = HeaderNames.Unique(header, "f.csv", null);
            Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
            Assert.DoesNotContain("", names);
            for (int i = 0; i < header.Length; i++)
            {
                if (header[i].Length > 0 && Array.IndexOf(header, header[i]) == i)
                {
                    Assert.Equal(header[i], names[i]);
                }
            }
        }
    }

    [Fact]
    public void A_long_list_of_renames_is_cut_in_the_warning()
    {
        var warnings = new StringWriter();
        HeaderNames.Unique(Enumerable.Repeat("v", 12).ToArray(), "f.csv", warnings);
        string line = warnings.ToString().Trim();
        Assert.Single(line.Split('\n'));
        Assert.Contains("column 6 repeats \"v\": \"v.5\"", line);
        Assert.DoesNotContain("v.6", line);
        Assert.Contains("and 6 more", line);
    }

    /// <summary>A pandas file saved with its index: the unnamed first column is left out; predict reads the same file.</summary>
    [Fact]
    public void A_saved_pandas_index_and_a_trailing_comma_train_and_predict()
    {
        using var folder = new TempFolder();
        var rows = Enumerable
            .Range(0, 40)
            .Select(r => $"{r},{r % 7 * 0.5},{(r * 3) % 5},{(r % 7 > 3 ? "yes" : "no")},");
        string data = folder.Write("d.csv", ",x,x,label,\n" + string.Join("\n", rows) + "\n");
        string model = folder.File("m.mlp");
        var train = CliRunner.Run("train", data, "--target", "label", "-o", model, "--epochs", "5");
        Assert.Equal(0, train.ExitCode);
        Assert.Contains(
            "header names made unique: column 1 has no name: \"unnamed_1\"; column 3 repeats \"x\": \"x.1\"; column 5 has no name: \"unnamed_5\"",
            train.Stderr
        );
        Assert.Contains("saved row index, so it is left out", train.Stderr);
        Assert.Contains("column \"unnamed_5\"", train.Stderr); // no values: left out
        var info = CliRunner.Run("info", model, "--json");
        Assert.Equal(0, info.ExitCode);
        Assert.Contains("\"x.1\"", info.Stdout);
        Assert.DoesNotContain("unnamed_1", info.Stdout);
        var predict = CliRunner.Run("predict", model, data);
        Assert.Equal(0, predict.ExitCode);
        Assert.Equal(41, predict.Stdout.Trim().Split('\n').Length);
    }

    /// <summary>
    /// Every line ending in a separator (one or two) makes unnamed columns without values: the
    /// default target is the last real column, and the model equals the one from the file without
    /// them. A named empty last column, or an unnamed one with values, stays the target.
    /// </summary>
    [Theory]
    [InlineData(",")]
    [InlineData(",,")]
    public void A_trailing_separator_leaves_the_last_real_column_the_target(string tail)
    {
        using var folder = new TempFolder();
        var rows = Enumerable
            .Range(0, 40)
            .Select(r => $"{r % 7 * 0.5},{(r * 3) % 5},{(r % 7 > 3 ? "yes" : "no")}")
            .ToArray();
        string header = "a,b,label" + string.Concat(Enumerable.Repeat(",", tail.Length));
        string trailing = folder.Write(
            "t.csv",
            header + "\n" + string.Join("\n", rows.Select(row => row + tail)) + "\n"
        );
        string clean = folder.Write("c.csv", "a,b,label\n" + string.Join("\n", rows) + "\n");
        string[] options = ["--epochs", "2", "--ensemble", "1", "--quiet"];
        var fromTrailing = CliRunner.Run([
            "train",
            trailing,
            "-o",
            folder.File("t.mlp"),
            .. options,
        ]);
        Assert.Equal(0, fromTrailing.ExitCode);
        var fromClean = CliRunner.Run(["train", clean, "-o", folder.File("c.mlp"), .. options]);
        Assert.Equal(0, fromClean.ExitCode);
        Assert.Equal(
            File.ReadAllBytes(folder.File("c.mlp")),
            File.ReadAllBytes(folder.File("t.mlp"))
        );
        string unnamedValues = folder.Write(
            "u.csv",
            "a,b,label,\n" + string.Join("\n", rows.Select((row, r) => $"{row},{r % 2}")) + "\n"
        );
        var fromUnnamed = CliRunner.Run([
            "train",
            unnamedValues,
            "-o",
            folder.File("u.mlp"),
            .. options,
        ]);
        Assert.Equal(0, fromUnnamed.ExitCode);
        var info = CliRunner.Run("info", folder.File("u.mlp"), "--json");
        Assert.Contains("\"unnamed_4\"", info.Stdout);
        string named = folder.Write(
            "n.csv",
            "a,b,label,note\n" + string.Join("\n", rows.Select(row => row + ",")) + "\n"
        );
        var fromNamed = CliRunner.Run(["train", named, "-o", folder.File("n.mlp"), .. options]);
        Assert.Equal(1, fromNamed.ExitCode);
        Assert.Contains("the target column has no values", fromNamed.Stderr);
    }

    [Theory]
    [InlineData("", 0, 1, true)]
    [InlineData("", 1, 1, true)]
    [InlineData("", 5, 1, false)] // does not start at 0 or 1
    [InlineData("", 0, 2, false)] // counts in steps of 2
    [InlineData("id", 0, 1, false)] // named by the user: a feature like any other
    public void Only_an_unnamed_row_count_is_left_out(
        string name,
        int first,
        int step,
        bool dropped
    )
    {
        using var folder = new TempFolder();
        var rows = Enumerable.Range(0, 30).Select(r => $"{first + r * step},{r % 4},{r % 2}");
        string data = folder.Write("d.csv", $"{name},a,y\n" + string.Join("\n", rows) + "\n");
        string model = folder.File("m.mlp");
        var train = CliRunner.Run("train", data, "-o", model, "--epochs", "2", "--quiet");
        Assert.Equal(0, train.ExitCode);
        Assert.Equal(dropped, train.Stderr.Contains("saved row index"));
        var info = CliRunner.Run("info", model, "--json");
        Assert.Equal(!dropped, info.Stdout.Contains(name.Length > 0 ? "\"id\"" : "\"unnamed_1\""));
    }

    private static string Place(string warning) =>
        warning.Length == 0
            ? ""
            : warning[(warning.LastIndexOf('(') + 1)..warning.LastIndexOf(')')];
}
