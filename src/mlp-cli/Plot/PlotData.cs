using Mlp.Model;

namespace Mlp.Cli.Plot;

/// <summary>Labelled rows in the model's input units (rows, InputCount), for pictures of data.</summary>
internal sealed record PlotData(double[] Inputs, float[] Targets)
{
    public int Rows => Targets.Length;

    /// <summary>Whether input column <paramref name="input"/> (of <paramref name="width"/>) takes at most two distinct values.</summary>
    public bool HasAtMostTwoValues(int input, int width)
    {
        var seen = new HashSet<double>();
        for (int r = 0; r < Rows && seen.Count <= 2; r++)
        {
            seen.Add(Inputs[r * width + input]);
        }
        return seen.Count <= 2;
    }
}

/// <summary>
/// Two numeric source features of a model, chosen by name; else, given a ranking of the source
/// features (a model's permutation importance on the rows drawn), the two numeric ones ranked
/// highest; else the first two, preferring (when the data is given) features with more than two
/// distinct values: a 0/1 column makes a poor axis.
/// </summary>
internal static class FeaturePair
{
    /// <summary>At most this many of the drawn rows are shuffled to rank the features.</summary>
    public const int RankingRows = 1000;

    /// <summary>
    /// The model's source features, most important first, by permutation importance (3
    /// repeats, the default metric) on up to <see cref="RankingRows"/> of the drawn rows.
    /// </summary>
    public static int[] Ranking(MlpModel model, PlotData data, long seed)
    {
        var explain = new Explain.ExplainData(model, data.Inputs, data.Targets);
        if (data.Rows > RankingRows)
        {
            explain = explain.Subset(
                Data.RowSample.Take(data.Rows, RankingRows, Rng.For(seed, RngStream.RowSample))
            );
        }
        return new Explain.PermutationMethod(null, 3, seed).Compute(explain).Order();
    }

    /// <summary>The two inputs on the axes; <paramref name="option"/> is the option that named them.</summary>
    public static (int X, int Y) Choose(
        Schema schema,
        IReadOnlyList<string>? names,
        string option = "--features",
        PlotData? data = null,
        int[]? ranking = null
    )
    {
        // Each numeric source feature's name and first input, by source index.
        var bySource = new SortedDictionary<int, (string Name, int Input)>();
        int input = 0;
        for (int s = 0; s < schema.Sources.Length; s++)
        {
            if (!schema.Sources[s].IsCategorical)
            {
                bySource[s] = (schema.Sources[s].Name, input);
            }
            input += schema.Sources[s].Width;
        }
        var numeric = bySource.Values.ToList();
        if (names is null)
        {
            if (ranking is not null)
            {
                numeric = [.. ranking.Where(bySource.ContainsKey).Select(s => bySource[s])];
            }
            else if (data is not null)
            {
                // A stable sort: the features with more than two values first, each group in model order.
                numeric =
                [
                    .. numeric.OrderBy(n => data.HasAtMostTwoValues(n.Input, schema.InputCount)),
                ];
            }
            return numeric.Count >= 2
                ? (numeric[0].Input, numeric[1].Input)
                : throw new UsageException(
                    "decision regions need a model with at least two numeric features"
                );
        }
        if (names.Count != 2)
        {
            throw new UsageException($"{option} takes two feature names, e.g. {option} x1,x2");
        }
        if (names[0] == names[1])
        {
            throw new UsageException(
                $"{option} names \"{names[0]}\" twice: the two axes need two different features"
            );
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
                $"{option} names \"{name}\", which is not a numeric feature of the model",
                $"the numeric features are: {TextList.Of(numeric.Select(n => n.Name))}"
            );
        }
        return (Find(names[0]), Find(names[1]));
    }
}
