namespace Mlp.Tests.Data;

/// <summary>
/// Rows without a target value: left out of training with a warning by default (--missing
/// auto), refused with --missing error.
/// </summary>
public class TargetGapTests
{
    /// <summary>A random table (numbers and a text column) and the same rows with every gap-target row removed; the first row always keeps its target.</summary>
    private static (string WithGaps, string Without, int Gaps) Tables(int seed, bool regression)
    {
        var random = new Random(seed);
        int rows = random.Next(30, 90);
        var withGaps = new List<string> { "a,b,c,kind,y" };
        var without = new List<string> { "a,b,c,kind,y" };
        int gaps = 0;
        for (int r = 0; r < rows; r++)
        {
            string features = string.Join(
                ",",
                Enumerable
                    .Range(0, 3)
                    .Select(_ =>
                        (random.Next(-500, 500) / 100.0).ToString(
                            System.Globalization.CultureInfo.InvariantCulture
                        )
                    )
            );
            bool gap = r > 0 && random.NextDouble() < 0.2;
            string target = regression
                ? (random.Next(0, 1000) / 10.0).ToString(
                    System.Globalization.CultureInfo.InvariantCulture
                )
                : new[] { "red", "green", "blue" }[random.Next(3)];
            if (r < 3)
            {
                target = regression ? target : new[] { "red", "green", "blue" }[r];
            }
            // "s" and gaps in the text column come only on rows without a target: they leave no trace.
            string kind =
                gap && random.Next(2) == 0
                    ? (random.Next(2) == 0 ? "s" : "")
                    : new[] { "p", "q", "r" }[random.Next(3)];
            string written = gap ? (random.Next(2) == 0 ? "" : "NA") : target;
            withGaps.Add($"{features},{kind},{written}");
            if (!gap)
            {
                without.Add($"{features},{kind},{target}");
            }
            gaps += gap ? 1 : 0;
        }
        return (string.Join("\n", withGaps) + "\n", string.Join("\n", without) + "\n", gaps);
    }

    /// <summary>
    /// With <paramref name="savedIndex"/>, the gapped file is written as pandas' <c>to_csv()</c>
    /// writes it, its row index first under an empty name: the index counts every row of the
    /// file, those without a target too, so it is still found and left out.
    /// </summary>
    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, true, false)]
    [InlineData(3, false, true)]
    [InlineData(4, true, true)]
    public void Rows_without_a_target_are_left_out_as_if_they_were_not_there(
        int seed,
        bool regression,
        bool savedIndex
    )
    {
        var (withGaps, without, gaps) = Tables(seed, regression);
        if (savedIndex)
        {
            var lines = withGaps.TrimEnd('\n').Split('\n');
            withGaps =
                string.Join("\n", lines.Select((line, i) => $"{(i == 0 ? "" : i - 1)},{line}"))
                + "\n";
        }
        using var folder = new TempFolder();
        string gapped = folder.Write("gapped.csv", withGaps);
        string clean = folder.Write("clean.csv", without);
        string[] options = ["--epochs", "3", "--ensemble", "1", "--quiet"];
        var fromGapped = CliRunner.Run(["train", gapped, "-o", folder.File("g.mlp"), .. options]);
        var fromClean = CliRunner.Run(["train", clean, "-o", folder.File("c.mlp"), .. options]);
        Assert.Equal(0, fromGapped.ExitCode);
        Assert.Equal(0, fromClean.ExitCode);
        int total = withGaps.Trim().Split('\n').Length - 1;
        Assert.Contains(
            $"{gaps} of {total} rows have no target value, so they are left out",
            fromGapped.Stderr
        );
        Assert.Equal(savedIndex, fromGapped.Stderr.Contains("a saved row index"));
        Assert.Equal(
            File.ReadAllBytes(folder.File("c.mlp")),
            File.ReadAllBytes(folder.File("g.mlp"))
        );
    }

    [Fact]
    public void Missing_error_refuses_them_and_a_target_without_values_is_an_error()
    {
        using var folder = new TempFolder();
        string gapped = folder.Write("gapped.csv", "a,y\n1,x\n2,y\n3,\n4,x\n");
        var refused = CliRunner.Run(
            "train",
            gapped,
            "-o",
            folder.File("m.mlp"),
            "--missing",
            "error"
        );
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("mlp: error: missing target value (", refused.Stderr);
        Assert.Contains("gapped.csv:4, column \"y\")", refused.Stderr);
        string empty = folder.Write("empty.csv", "a,y\n1,\n2,NA\n3,\n");
        var none = CliRunner.Run("train", empty, "-o", folder.File("m.mlp"));
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("the target column has no values", none.Stderr);
        Assert.False(File.Exists(folder.File("m.mlp")));
    }
}
