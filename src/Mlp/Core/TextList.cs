namespace Mlp;

/// <summary>Names listed in a message: all of them up to a limit, or the first ones, "…" and how many there are.</summary>
internal static class TextList
{
    public static string Of(IEnumerable<string> items, int limit = 12)
    {
        var all = items as IReadOnlyList<string> ?? items.ToList();
        return all.Count <= limit
            ? string.Join(", ", all)
            : $"{string.Join(", ", all.Take(limit))}, … ({all.Count} in all)";
    }

    /// <summary>"1 value", "2 values": a count and its noun.</summary>
    public static string Count(long count, string noun) =>
        $"{count} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>The item closest to <paramref name="text"/> when it is a likely typo of it (at most 2 edits), else null.</summary>
    public static string? Closest(string text, IEnumerable<string> items)
    {
        string? best = null;
        int bestDistance = 3;
        foreach (string item in items)
        {
            int distance = EditDistance(text, item);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (item, distance);
            }
        }
        return best;
    }

    /// <summary>Levenshtein distance with adjacent transpositions (optimal string alignment).</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(
                    Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1),
                    d[i - 1, j - 1] + cost
                );
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
