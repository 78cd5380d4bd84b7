namespace Mlp.Cli.Plot;

/// <summary>Tick marks at chosen positions with chosen labels (names of rows, columns or categories).</summary>
internal static class ManualTicks
{
    public static ScottPlot.TickGenerators.NumericManual At(
        IEnumerable<(double Position, string Label)> ticks
    )
    {
        var generator = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (position, label) in ticks)
        {
            generator.AddMajor(position, label);
        }
        return generator;
    }
}
