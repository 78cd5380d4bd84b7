using Mlp.Model;

namespace Mlp.Data;

/// <summary>
/// Which categories of a text column get a one-hot input of their own: all but those seen in
/// fewer than a minimum number of training rows and in under 1 % of them (so that a small
/// table keeps its categories), at most a maximum count of them (the commonest; ties in name
/// order). The rest share the input (other), which is also where predict puts a category
/// training never saw.
/// </summary>
internal static class CategoryGrouping
{
    public const string Other = SourceFeature.Other;

    /// <summary>A category in at least this share of the rows keeps its input, however few they are.</summary>
    private const double RareShare = 0.01;

    /// <summary>The column's categories in name order, then (other) when any were grouped.</summary>
    public static string[] Kept(RawColumn raw, int minCount, int maxCategories)
    {
        var counts = new long[raw.Texts.Count];
        foreach (float value in raw.Values.Span)
        {
            if (!float.IsNaN(value))
            {
                counts[(int)value]++;
            }
        }
        double rows = raw.Values.Span.Length;
        var frequent = Enumerable
            .Range(0, counts.Length)
            .Where(k => counts[k] >= minCount || counts[k] >= RareShare * rows)
            .OrderByDescending(k => counts[k])
            .ThenBy(k => raw.Texts[k], StringComparer.Ordinal)
            .ToArray();
        bool grouped = frequent.Length > maxCategories || frequent.Length < counts.Length;
        // With (other) taking one input, maxCategories − 1 categories keep their own.
        var kept = grouped ? frequent.Take(Math.Max(maxCategories - 1, 0)) : frequent;
        return
        [
            .. kept.Select(k => raw.Texts[k]).Order(StringComparer.Ordinal),
            .. grouped ? [Other] : Array.Empty<string>(),
        ];
    }
}
