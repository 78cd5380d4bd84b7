namespace Mlp.Data;

/// <summary>Seeded choices of rows: shuffle, take the first ones, keep each part in row order.</summary>
internal static class RowSample
{
    /// <summary>
    /// Shuffles <paramref name="rows"/> in place with <paramref name="rng"/> and cuts it after
    /// <paramref name="count"/>: the first <paramref name="count"/> rows and the others, each sorted.
    /// </summary>
    public static (int[] First, int[] Others) Split(int[] rows, int count, Rng rng)
    {
        rng.Shuffle(rows);
        var first = rows[..count];
        var rest = rows[count..];
        Array.Sort(first);
        Array.Sort(rest);
        return (first, rest);
    }

    /// <summary><paramref name="count"/> of the rows 0 … <paramref name="rows"/> − 1 in row order: all of them when there are no more, else a seeded sample.</summary>
    public static int[] Take(int rows, int count, Rng rng)
    {
        var all = Enumerable.Range(0, rows).ToArray();
        return count >= rows ? all : Split(all, count, rng).First;
    }
}
