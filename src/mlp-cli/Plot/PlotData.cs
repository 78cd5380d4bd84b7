using Mlp.Cli.Model;

namespace Mlp.Cli.Plot;

/// <summary>Labelled rows in the model's input units (rows, InputCount), for pictures of data.</summary>
internal sealed record PlotData(double[] Inputs, float[] Targets)
{
    public int Rows => Targets.Length;
}

/// <summary>Two numeric source features of a model, chosen by name or the first two.</summary>
internal static class FeaturePair
{
    public static (int X, int Y) Choose(Schema schema, IReadOnlyList<string>? names)
    {
        var numeric = new List<(string Name, int Input)>();
        int input = 0;
        foreach (var source in schema.Sources)
        {
            if (!source.IsCategorical)
            {
                numeric.Add((source.Name, input));
            }
            input += source.Width;
        }
        if (names is null)
        {
            return numeric.Count >= 2
                ? (numeric[0].Input, numeric[1].Input)
                : throw new UsageException(
                    "decision regions need a model with at least two numeric features"
                );
        }
        if (names.Count != 2)
        {
            throw new UsageException("--features takes two feature names, e.g. --features x1,x2");
        }
        int Find(string name)
        {
            foreach (var (candidate, index) in numeric)
            {
                if (candidate == name)
                {
                    return index;
                }
            }
            throw new UsageException(
                $"--features names \"{name}\", which is not a numeric feature of the model",
                $"the numeric features are: {string.Join(", ", numeric.Select(n => n.Name))}"
            );
        }
        return (Find(names[0]), Find(names[1]));
    }
}
