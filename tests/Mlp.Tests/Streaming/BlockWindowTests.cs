using Mlp.Data;
using Mlp.Data.Streaming;

namespace Mlp.Tests.Streaming;

/// <summary>
/// Blocks and windows on random shapes: the split holds every block out or in exactly once, the
/// share asked for; the windows over any list of blocks hand over exactly those blocks' rows,
/// in order, with each row's loss weight its sample weight times its class's weight.
/// </summary>
public class BlockWindowTests
{
    [Fact]
    public void SplitPartitionsTheBlocks()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int rows = random.Next(1, 200_000);
            int blockRows = random.Next(1, 5000);
            int blocks = (rows + blockRows - 1) / blockRows;
            float validation = random.Next(5) * 0.1f;
            int held = (int)Math.Round(blocks * (double)validation);
            if (validation > 0 && (held == 0 || held == blocks))
            {
                Assert.Throws<InvalidSettingException>(() =>
                    new BlockSplit(rows, validation, trial, blockRows)
                );
                continue;
            }
            var split = new BlockSplit(rows, validation, trial, blockRows);
            Assert.Equal(held, split.Validation.Length);
            Assert.Equal(Enumerable.Range(0, blocks), split.Train.Concat(split.Validation).Order());
            Assert.Equal(rows, split.TrainRows + split.ValidationRows);
            Assert.Equal(
                split.ValidationRows,
                split.Validation.Sum(b => (long)Math.Min(blockRows, rows - (long)b * blockRows))
            );
            var again = new BlockSplit(rows, validation, trial, blockRows);
            Assert.Equal(split.Validation, again.Validation);
        }
    }

    [Fact]
    public void WindowsHandOverTheirBlocksRows()
    {
        using var folder = new TempFolder();
        var random = new Random(11);
        for (int trial = 0; trial < 6; trial++)
        {
            int rows = random.Next(1, 3000);
            bool classes = trial % 2 == 0;
            string path = folder.Write(
                $"d{trial}.csv",
                StreamedFiles.Make(rows, random.Next(1, 4), classes, trial).Text
            );
            var options = new DataOptions { SampleWeight = "w" };
            var (data, _) = StreamCache.Open(
                path,
                options,
                true,
                false,
                folder.Path,
                1 << 20,
                TextWriter.Null
            );
            using (data)
            {
                int width = data.Layout.Width;
                var all = new float[rows * width];
                var targets = new float[rows];
                var weights = new float[rows];
                data.Read(0, rows, all, targets, weights, 0);
                int blockRows = random.Next(1, 400);
                var split = new BlockSplit(rows, 0, trial, blockRows);
                float[]? classWeights = classes
                    ?
                    [
                        .. data.Schema.Classes.Select(_ =>
                            (float)Math.Round(random.NextDouble() * 3, 2)
                        ),
                    ]
                    : null;
                int windowBlocks = random.Next(1, 6);
                var reader = new WindowReader(data, split, windowBlocks, classWeights);
                var order = split
                    .Train.OrderBy(_ => random.Next())
                    .Take(random.Next(0, split.Train.Length + 1))
                    .ToArray();
                var expected = order
                    .SelectMany(block => Enumerable.Range(block * blockRows, split.RowsOf(block)))
                    .ToArray();
                int at = 0;
                int index = 0;
                foreach (var window in reader.Over(order))
                {
                    Assert.Equal(index++, window.Index);
                    Assert.True(window.Rows <= windowBlocks * blockRows);
                    for (int r = 0; r < window.Rows; r++, at++)
                    {
                        int row = expected[at];
                        Assert.Equal(
                            all.AsSpan(row * width, width),
                            window.Inputs.AsSpan(r * width, width)
                        );
                        Assert.Equal(targets[row], window.Targets[r]);
                        Assert.Equal(weights[row], window.Weights![r]);
                        float classWeight = classWeights?[(int)targets[row]] ?? 1f;
                        Assert.Equal(weights[row] * classWeight, window.LossWeights![r]);
                    }
                }
                Assert.Equal(expected.Length, at);
            }
        }
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(178, 2)]
    [InlineData(30000, 468)]
    [InlineData(32768, 512)]
    [InlineData(9000000, 512)]
    public void BlocksAreAt64thOfSmallDataAndAt512RowsOfLarge(int rows, int blockRows) =>
        Assert.Equal(blockRows, BlockSplit.RowsPerBlock(rows));
}
