using Mlp.Data;
using Mlp.Data.Streaming;
using Mlp.Model;

namespace Mlp.Tests.Streaming;

/// <summary>
/// The binary cache of a streamed data set: every row read back from it, standardized, equals
/// the standardization computed here in double from the CSV's own numbers (mean and population
/// std over all rows); a cache is reused while the file and the options are unchanged, made
/// again when the file changes, and kept apart under other options.
/// </summary>
public class StreamCacheTests
{
    public static TheoryData<int, int, bool, int> Shapes()
    {
        var random = new Random(33);
        var shapes = new TheoryData<int, int, bool, int>();
        for (int i = 0; i < 8; i++)
        {
            shapes.Add(random.Next(20, 5000), random.Next(1, 6), i % 2 == 0, random.Next());
        }
        return shapes;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RowsReadBackAreTheCsvStandardized(int rows, int numeric, bool classes, int seed)
    {
        using var folder = new TempFolder();
        var table = StreamedFiles.Make(rows, numeric, classes, seed);
        string path = folder.Write("data.csv", table.Text);
        var options = new DataOptions { SampleWeight = "w", Missing = MissingStrategy.Auto };
        // A budget this small reads the schema from the first 1,000 rows only: the sums still cover every row.
        var (data, origin) = StreamCache.Open(
            path,
            options,
            true,
            false,
            folder.Path,
            1,
            TextWriter.Null
        );
        using (data)
        {
            Assert.Equal(StreamCache.Origin.Made, origin);
            Assert.Equal(rows, data.Rows);
            int width = data.Layout.Width;
            var inputs = new float[rows * width];
            var targets = new float[rows];
            var weights = new float[rows];
            data.Read(0, rows, inputs, targets, weights, 0);
            var names = data.Schema.FeatureNames;
            for (int c = 0; c < width; c++)
            {
                double[] column = names[c].StartsWith("kind=", StringComparison.Ordinal)
                    ? [.. table.Categories.Select(k => k == names[c]["kind=".Length..] ? 1.0 : 0)]
                    : table.Numbers[
                        int.Parse(names[c][1..], System.Globalization.CultureInfo.InvariantCulture)
                    ];
                var expected = Standardized(column);
                for (int r = 0; r < rows; r++)
                {
                    Assert.True(
                        Math.Abs(inputs[r * width + c] - expected[r]) < 2e-4,
                        $"{names[c]} row {r}: {inputs[r * width + c]} against {expected[r]}"
                    );
                }
            }
            var expectedTarget = classes ? null : Standardized(table.Values);
            for (int r = 0; r < rows; r++)
            {
                if (classes)
                {
                    Assert.Equal(table.Labels[r], data.Schema.Classes[(int)targets[r]]);
                }
                else
                {
                    Assert.True(
                        Math.Abs(targets[r] - expectedTarget![r]) < 2e-4,
                        $"target row {r}"
                    );
                }
                Assert.Equal((float)table.Weights[r], weights[r]);
            }
            if (classes)
            {
                Assert.Equal(
                    data.Schema.Classes.Select(name => (long)table.Labels.Count(l => l == name)),
                    data.ClassCounts
                );
            }
        }
    }

    private static double[] Standardized(double[] values)
    {
        double mean = values.Average();
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        return [.. values.Select(v => (v - mean) / (std > 0 ? std : 1))];
    }

    [Fact]
    public void CacheIsReusedUntilTheFileChanges()
    {
        using var folder = new TempFolder();
        string path = folder.Write("data.csv", StreamedFiles.Make(500, 2, false, 1).Text);
        var options = new DataOptions();
        StreamCache.Origin Open(DataOptions with, out string cache)
        {
            var (data, origin) = StreamCache.Open(
                path,
                with,
                true,
                true,
                folder.Path,
                1 << 20,
                TextWriter.Null
            );
            cache = data.CachePath;
            data.Dispose();
            return origin;
        }
        Assert.Equal(StreamCache.Origin.Made, Open(options, out string first));
        Assert.Equal(StreamCache.Origin.Reused, Open(options, out string again));
        Assert.Equal(first, again);
        // Other options that change the rows' encoding: another cache beside it.
        Assert.Equal(
            StreamCache.Origin.Made,
            Open(options with { Ignore = ["x1"] }, out string other)
        );
        Assert.NotEqual(first, other);
        // The same size, other values.
        string changed = File.ReadAllText(path).Replace("0.1", "0.2", StringComparison.Ordinal);
        File.WriteAllText(path, changed);
        Assert.Equal(StreamCache.Origin.Remade, Open(options, out string remade));
        Assert.Equal(first, remade);
        Assert.Equal(StreamCache.Origin.Reused, Open(options, out _));
        // A cut cache is made again, not read.
        using (var stream = File.Open(first, FileMode.Open))
        {
            stream.SetLength(stream.Length - 4);
        }
        Assert.Equal(StreamCache.Origin.Remade, Open(options, out _));
    }

    [Theory]
    [InlineData("400M", 400L << 20)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("2gb", 2L << 30)]
    [InlineData("512KiB", 512L << 10)]
    [InlineData("123", 123L)]
    [InlineData("1T", 1L << 40)]
    public void SizesAreParsed(string text, long bytes) =>
        Assert.Equal(bytes, MemoryBudget.Parse(text));

    [Theory]
    [InlineData(1000, "1 KiB")]
    [InlineData(655_360, "640 KiB")]
    [InlineData(157_286_400, "150 MiB")]
    [InlineData(1_717_986_918, "1638 MiB")]
    [InlineData(17_179_869_184, "16 GiB")]
    [InlineData(18_253_611_008, "17 GiB")]
    public void SizesAreWrittenForPeople(long bytes, string text) =>
        Assert.Equal(text, MemoryBudget.Text(bytes));

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("-5M")]
    [InlineData("5X")]
    [InlineData("0")]
    [InlineData("1e3")]
    public void NonSizesAreRefused(string text) => Assert.Null(MemoryBudget.Parse(text));
}
