using Mlp.Data;

namespace Mlp.Tests.Streaming;

/// <summary>
/// Rows read whole for an explanation, from a file over the memory budget: a seeded random
/// sample of as many rows as the budget holds, each one of the file's rows as read whole, in
/// file order, the same on every run, with a warning; under the budget, every row.
/// </summary>
public class LargeFileSampleTests
{
    [Fact]
    public void FileOverTheBudgetIsReadAsASampleOfItsRows()
    {
        using var folder = new TempFolder();
        var table = StreamedFiles.Make(20000, 3, false, 6);
        string path = folder.Write("data.csv", table.Text);
        var (data, _) = Mlp.Data.Streaming.StreamCache.Open(
            path,
            new DataOptions(),
            true,
            false,
            folder.Path,
            1 << 30,
            TextWriter.Null
        );
        var schema = data.Schema;
        data.Dispose();
        var whole = LabelledRows.Read(
            schema,
            path,
            true,
            new ReadSettings(TextWriter.Null),
            weightColumn: "w"
        );
        var warnings = new StringWriter();
        // A budget of 200 KB holds 1,000 rows of 6 inputs.
        var reading = new ReadSettings(warnings) { MemoryBudget = 200_000 };
        var sample = LabelledRows.Read(schema, path, true, reading, weightColumn: "w");
        int width = schema.InputCount;
        int rows = sample.Targets.Length;
        Assert.InRange(rows, 1000, 2500);
        Assert.Contains($"sample of {rows} of its 20000 rows", warnings.ToString());
        int at = -1;
        for (int r = 0; r < rows; r++)
        {
            // The next row of the whole file with these inputs: the sample keeps file order.
            var row = sample.Inputs.AsSpan(r * width, width);
            do
            {
                at++;
            } while (!whole.Inputs.AsSpan(at * width, width).SequenceEqual(row));
            Assert.Equal(whole.Targets[at], sample.Targets[r]);
            Assert.Equal(whole.Weights![at], sample.Weights![r]);
        }
        Assert.True(at > 15000, "the sample reaches the end of the file");
        var again = LabelledRows.Read(schema, path, true, reading, weightColumn: "w");
        Assert.Equal(sample.Inputs, again.Inputs);
        var all = LabelledRows.Read(
            schema,
            path,
            true,
            new ReadSettings(TextWriter.Null) { MemoryBudget = 1L << 30 },
            weightColumn: "w"
        );
        Assert.Equal(whole.Inputs, all.Inputs);
    }
}
