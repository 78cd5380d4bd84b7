using System.Globalization;
using System.Text;

namespace Mlp.Tests.Data;

/// <summary>
/// Feature columns that hold numbers and text. Under --missing auto (the default) a column is
/// read as its majority kind: mostly numbers, each text ('?', '-', a typo) is a gap, and the
/// model is the one the file gives with those cells blank; mostly text, every value is a
/// category, and the model is the one --categorical gives. Other --missing choices refuse them.
/// </summary>
public class MixedColumnTests
{
    private static readonly string[] Strays = ["?", "-", "n.a.", "x12", "12.5a", "missing", "#N/A"];

    /// <summary>
    /// The same random table twice: numeric gaps written as stray texts in <c>Strayed</c> and
    /// blank in <c>Blank</c>; in both, a column "size" of labels with a few numbers among them.
    /// </summary>
    private static (string Strayed, string Blank, int StrayCells) Tables(int seed)
    {
        var random = new Random(seed);
        int rows = random.Next(40, 120);
        var strayed = new StringBuilder("a,b,size,c,y\n");
        var blank = new StringBuilder("a,b,size,c,y\n");
        int strayCells = 0;
        for (int r = 0; r < rows; r++)
        {
            var cells = new string[3];
            var written = new string[3];
            for (int i = 0; i < 3; i++)
            {
                string number = (random.Next(-900, 900) / 100.0).ToString(
                    CultureInfo.InvariantCulture
                );
                // The first row has every number: each column's origin is its first value.
                bool gap = r > 0 && random.NextDouble() < 0.15;
                cells[i] = gap ? "" : number;
                written[i] = gap ? Strays[random.Next(Strays.Length)] : number;
                strayCells += gap ? 1 : 0;
            }
            string size =
                r > 0 && random.NextDouble() < 0.1
                    ? random.Next(8, 14).ToString(CultureInfo.InvariantCulture)
                    : new[] { "S", "M", "L" }[random.Next(3)];
            string target = new[] { "no", "yes" }[r < 2 ? r : random.Next(2)];
            strayed.Append($"{written[0]},{written[1]},{size},{written[2]},{target}\n");
            blank.Append($"{cells[0]},{cells[1]},{size},{cells[2]},{target}\n");
        }
        return (strayed.ToString(), blank.ToString(), strayCells);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Each_column_is_read_as_its_majority_kind(int seed)
    {
        var (strayed, blank, strayCells) = Tables(seed);
        using var folder = new TempFolder();
        string[] options = ["--epochs", "2", "--ensemble", "1", "--hidden", "8", "--quiet"];
        string strayedPath = folder.Write("strayed.csv", strayed);
        var fromStrayed = CliRunner.Run([
            "train",
            strayedPath,
            "-o",
            folder.File("s.mlp"),
            .. options,
        ]);
        var fromBlank = CliRunner.Run([
            "train",
            folder.Write("blank.csv", blank),
            "-o",
            folder.File("b.mlp"),
            "--categorical",
            "size",
            .. options,
        ]);
        Assert.Equal(0, fromStrayed.ExitCode);
        Assert.Equal(0, fromBlank.ExitCode);
        Assert.Equal(
            File.ReadAllBytes(folder.File("b.mlp")),
            File.ReadAllBytes(folder.File("s.mlp"))
        );
        if (strayCells > 0)
        {
            Assert.Contains($"mlp: warning: {strayCells} value", fromStrayed.Stderr);
            Assert.Contains("of numbers", fromStrayed.Stderr);
        }
        Assert.Contains(
            "1 column of text also holds numbers (\"size\"): every value read as a category",
            fromStrayed.Stderr
        );

        // predict reads a stray text as a gap too, with one warning for the file.
        var strayedPredictions = CliRunner.Run("predict", folder.File("b.mlp"), strayedPath);
        var blankPredictions = CliRunner.Run(
            "predict",
            folder.File("b.mlp"),
            folder.File("blank.csv")
        );
        Assert.Equal(0, strayedPredictions.ExitCode);
        Assert.Equal(blankPredictions.Stdout, strayedPredictions.Stdout);
        int warnings = strayedPredictions
            .Stderr.Split('\n')
            .Count(line => line.Contains("is not a number: it and any like it are read as gaps"));
        Assert.Equal(strayCells > 0 ? 1 : 0, warnings);
    }

    [Fact]
    public void Train_json_names_the_mixed_columns_and_how_they_were_read()
    {
        var (strayed, _, strayCells) = Tables(2);
        Assert.True(strayCells > 0);
        using var folder = new TempFolder();
        var run = CliRunner.Run(
            "train",
            folder.Write("strayed.csv", strayed),
            "-o",
            folder.File("m.mlp"),
            "--epochs",
            "2",
            "--ensemble",
            "1",
            "--json"
        );
        Assert.Equal(0, run.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
        var missing = json.RootElement.GetProperty("chosen").GetProperty("missing");
        string[] Names(string key) =>
            [.. missing.GetProperty(key).EnumerateArray().Select(name => name.GetString()!)];
        string[] gapped = Names("texts_as_gaps");
        Assert.NotEmpty(gapped);
        Assert.Subset(new HashSet<string> { "a", "b", "c" }, gapped.ToHashSet());
        Assert.Equal(["size"], Names("mixed_as_categories"));
    }

    [Fact]
    public void A_text_in_a_target_of_numbers_leaves_its_row_out()
    {
        using var folder = new TempFolder();
        var random = new Random(5);
        var rows = Enumerable
            .Range(0, 60)
            .Select(r =>
                $"{random.Next(-50, 50) / 10.0},{random.Next(0, 9)},{(r == 7 ? "lh" : r == 30 ? "?" : (random.Next(0, 1000) / 10.0).ToString(CultureInfo.InvariantCulture))}"
            )
            .ToArray();
        string strayed = folder.Write("s.csv", "a,b,y\n" + string.Join("\n", rows) + "\n");
        string blank = folder.Write(
            "b.csv",
            "a,b,y\n"
                + string.Join("\n", rows.Select(row => row.Replace(",lh", ",").Replace(",?", ",")))
                + "\n"
        );
        string[] options = ["--epochs", "2", "--ensemble", "1", "--hidden", "8"];
        var fromStrayed = CliRunner.Run(["train", strayed, "-o", folder.File("s.mlp"), .. options]);
        var fromBlank = CliRunner.Run(["train", blank, "-o", folder.File("b.mlp"), .. options]);
        Assert.Equal(0, fromStrayed.ExitCode);
        Assert.Equal(0, fromBlank.ExitCode);
        Assert.Contains(
            "2 of 60 rows have no target value, so they are left out",
            fromStrayed.Stderr
        );
        Assert.Equal(
            File.ReadAllBytes(folder.File("b.mlp")),
            File.ReadAllBytes(folder.File("s.mlp"))
        );
    }

    [Fact]
    public void Other_missing_choices_and_standard_input_refuse_a_mixed_column()
    {
        using var folder = new TempFolder();
        string csv = "a,b,y\n1,2,x\n?,3,y\n4,5,x\n6,7,y\n";
        string path = folder.Write("mixed.csv", csv);
        foreach (string missing in new[] { "error", "median" })
        {
            var refused = CliRunner.Run(
                "train",
                path,
                "-o",
                folder.File("m.mlp"),
                "--missing",
                missing
            );
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains(
                "value '?' is not a number, but the column holds numbers (",
                refused.Stderr
            );
            Assert.Contains("mixed.csv:3, column \"a\")", refused.Stderr);
        }
        var piped = CliRunner.RunWithInput(csv, "train", "-", "-o", folder.File("m.mlp"));
        Assert.Equal(1, piped.ExitCode);
        Assert.Contains("but the column holds numbers (<stdin>:3, column \"a\")", piped.Stderr);
        Assert.False(File.Exists(folder.File("m.mlp")));
    }

    [Fact]
    public void A_model_trained_with_error_still_refuses_a_text_among_numbers()
    {
        using var folder = new TempFolder();
        string model = folder.File("m.mlp");
        var trained = CliRunner.Run(
            "train",
            folder.Write("clean.csv", "a,y\n1,x\n2,y\n3,x\n4,y\n"),
            "-o",
            model,
            "--missing",
            "error",
            "--epochs",
            "1"
        );
        Assert.Equal(0, trained.ExitCode);
        var predicted = CliRunner.Run("predict", model, folder.Write("new.csv", "a\n1\n?\n"));
        Assert.Equal(1, predicted.ExitCode);
        Assert.Contains("mlp: error: value '?' is not a number (", predicted.Stderr);
        Assert.Contains("new.csv:3, column \"a\")", predicted.Stderr);
    }
}
