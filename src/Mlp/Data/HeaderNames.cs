namespace Mlp.Data;

/// <summary>
/// Header names made usable as pandas reads them: a column without a name is called
/// <c>unnamed_N</c> (N its 1-based position), and a name seen before gets <c>.1</c>, <c>.2</c>, …
/// (the first free one), so a file written by <c>DataFrame.to_csv()</c> with its index, or
/// with a repeated name, reads instead of stopping. Every command renames a header the same
/// way, so predict finds the columns a model was trained on.
/// </summary>
internal static class HeaderNames
{
    public const string UnnamedPrefix = "unnamed_";

    /// <summary>The warning names this many renamed columns, then counts the rest.</summary>
    private const int ToldRenames = 5;

    /// <summary>The name a column at 0-based <paramref name="index"/> gets when the header leaves it empty.</summary>
    public static string Unnamed(int index) => $"{UnnamedPrefix}{index + 1}";

    /// <summary>Unique, non-empty names, and one warning line listing the renamed columns (if any, and <paramref name="warnings"/> is given).</summary>
    public static string[] Unique(string[] headers, string file, TextWriter? warnings)
    {
        var names = new string[headers.Length];
        var taken = new HashSet<string>(headers, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var renamed = new List<string>();
        for (int i = 0; i < headers.Length; i++)
        {
            string name = headers[i];
            if (name.Length == 0)
            {
                name = Free(Unnamed(i), taken);
                renamed.Add($"column {i + 1} has no name: \"{name}\"");
            }
            else if (used.Contains(name))
            {
                string again = Free(name, taken);
                renamed.Add($"column {i + 1} repeats \"{name}\": \"{again}\"");
                name = again;
            }
            used.Add(name);
            taken.Add(name);
            names[i] = name;
        }
        if (renamed.Count > 0)
        {
            string told = string.Join("; ", renamed.Take(ToldRenames));
            string more =
                renamed.Count > ToldRenames ? $"; and {renamed.Count - ToldRenames} more" : "";
            warnings?.WriteLine(
                $"mlp: warning: header names made unique: {told}{more} ({new ErrorPlace(file, 1)})"
            );
        }
        return names;
    }

    /// <summary><paramref name="name"/> if no column has it, else the first free <c>name.1</c>, <c>name.2</c>, ….</summary>
    private static string Free(string name, HashSet<string> taken)
    {
        if (!taken.Contains(name))
        {
            return name;
        }
        for (int k = 1; ; k++)
        {
            string candidate = $"{name}.{k}";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }
}
