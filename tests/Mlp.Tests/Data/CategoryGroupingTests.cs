using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>Rare and surplus categories share the (other) input, counted by hand; predict reads an unseen one there.</summary>
public class CategoryGroupingTests
{
    /// <summary>c: a ×600, b ×500, w ×6, z ×2, y ×1, then one gap (1,110 rows: 1 % is 11.1).</summary>
    private static readonly string[] Column =
    [
        .. Enumerable.Repeat("a", 600),
        .. Enumerable.Repeat("b", 500),
        .. Enumerable.Repeat("w", 6),
        "z",
        "z",
        "y",
        "",
    ];

    private static string Data(string[] column) =>
        "x,c,t\n" + string.Concat(column.Select((category, r) => $"{r},{category},{r % 2}\n"));

    private static (string[] Names, float[][] Columns) Load(
        int minCount,
        int maxCategories,
        string[]? column = null
    )
    {
        using var folder = new TempFolder();
        var dataset = DatasetLoader.Load(
            folder.Write("d.csv", Data(column ?? Column)),
            new DataOptions
            {
                Missing = MissingStrategy.Auto,
                MinCategoryCount = minCount,
                MaxCategories = maxCategories,
            }
        );
        return (dataset.Schema.FeatureNames, dataset.Columns);
    }

    [Fact]
    public void Categories_in_fewer_rows_than_the_minimum_and_under_a_hundredth_are_grouped()
    {
        var (names, columns) = Load(minCount: 5, maxCategories: 50);
        Assert.Equal(["x", "c=a", "c=b", "c=w", "c=(other)", "c=(missing)"], names);
        // Rows 1106 to 1108 hold z, z, y; row 1109 the gap.
        Assert.Equal(
            [.. Enumerable.Range(0, Column.Length).Select(r => r is >= 1106 and <= 1108 ? 1f : 0f)],
            columns[4]
        );
        Assert.Equal(1f, columns[5][1109]);
        Assert.Equal(6f, columns[3].Sum());
        Assert.Equal(["x", "c=a", "c=b", "c=w", "c=y", "c=z", "c=(missing)"], Load(1, 50).Names);
        Assert.Equal(["x", "c=a", "c=b", "c=w", "c=(other)", "c=(missing)"], Load(3, 50).Names);
        // A small table keeps every category: each is over 1 % of its rows.
        string[] small = ["a", "a", "b", "c", "c", "c", "d"];
        Assert.Equal(["x", "c=a", "c=b", "c=c", "c=d"], Load(5, 50, small).Names);
    }

    [Fact]
    public void At_most_the_maximum_inputs_keep_the_commonest_categories()
    {
        Assert.Equal(["x", "c=a", "c=(other)", "c=(missing)"], Load(1, 2).Names);
        Assert.Equal(["x", "c=a", "c=b", "c=(other)", "c=(missing)"], Load(1, 3).Names);
        Assert.Equal(["x", "c=a", "c=b", "c=w", "c=y", "c=z", "c=(missing)"], Load(1, 5).Names);
        Assert.Equal(["x", "c=(other)", "c=(missing)"], Load(1, 1).Names);
    }

    [Fact]
    public void Predict_reads_an_unseen_category_as_other_without_a_warning()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Data(Column));
        string model = folder.File("m.mlp");
        Assert.Equal(0, CliRunner.Run("train", data, "-o", model, "--epochs", "3").ExitCode);
        var rare = CliRunner.RunWithInput("x,c\n3,y\n", "predict", model, "-");
        var unseen = CliRunner.RunWithInput("x,c\n3,never\n", "predict", model, "-");
        var common = CliRunner.RunWithInput("x,c\n3,a\n", "predict", model, "-");
        Assert.Equal(rare.Stdout, unseen.Stdout);
        Assert.NotEqual(common.Stdout, unseen.Stdout);
        Assert.Equal("", unseen.Stderr);
        string every = folder.File("every.mlp");
        var kept = CliRunner.Run(
            "train",
            data,
            "-o",
            every,
            "--epochs",
            "3",
            "--min-category-count",
            "1"
        );
        Assert.Equal(0, kept.ExitCode);
        var warned = CliRunner.RunWithInput("x,c\n3,never\n", "predict", every, "-");
        Assert.Contains("was not seen in training", warned.Stderr);
        Assert.Equal(
            2,
            CliRunner.Run("train", data, "-o", every, "--max-categories", "0").ExitCode
        );
    }
}
