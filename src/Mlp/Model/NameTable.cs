namespace Mlp.Model;

/// <summary>
/// The one list of an enum's names as the command line, the model file and the output spell
/// them: <see cref="Name"/> writes, <see cref="Parse"/> reads back exactly those names (no
/// numbers, no other case), and <see cref="Names"/> is what help texts and "did you mean"
/// errors offer, in the table's order.
/// </summary>
internal sealed class NameTable<TEnum>
    where TEnum : struct, Enum
{
    private readonly (TEnum Value, string Name)[] _entries;

    public NameTable(params (TEnum Value, string Name)[] entries)
    {
        var missing = Enum.GetValues<TEnum>().Except(entries.Select(e => e.Value)).ToArray();
        if (missing.Length > 0 || entries.DistinctBy(e => e.Name).Count() != entries.Length)
        {
            throw new ArgumentException(
                $"the names of {typeof(TEnum).Name} must cover every value once: {string.Join(", ", missing)}"
            );
        }
        _entries = entries;
        Names = [.. entries.Select(e => e.Name)];
    }

    public string[] Names { get; }

    public string Name(TEnum value) => _entries.First(e => e.Value.Equals(value)).Name;

    public TEnum? Parse(string? name)
    {
        foreach (var (value, known) in _entries)
        {
            if (known == name)
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>The names joined for a help text: "a, b, c or d".</summary>
    public string Listed() =>
        Names.Length == 1 ? Names[0] : $"{string.Join(", ", Names[..^1])} or {Names[^1]}";
}
