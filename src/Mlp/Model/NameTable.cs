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

    // Loops rather than LINQ: every command's start-up builds these tables, and each generic
    // LINQ call over a value type is code the JIT must compile first (ReadyToRun has none).
    public NameTable(params (TEnum Value, string Name)[] entries)
    {
        var names = new string[entries.Length];
        var named = new List<object>(entries.Length);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < entries.Length; i++)
        {
            names[i] = entries[i].Name;
            named.Add(entries[i].Value);
            distinct.Add(entries[i].Name);
        }
        var missing = new List<string>();
        foreach (object value in Enum.GetValues(typeof(TEnum)))
        {
            if (!named.Contains(value))
            {
                missing.Add(value.ToString()!);
            }
        }
        if (missing.Count > 0 || distinct.Count != entries.Length)
        {
            throw new ArgumentException(
                $"the names of {typeof(TEnum).Name} must cover every value once: {string.Join(", ", missing)}"
            );
        }
        _entries = entries;
        Names = names;
    }

    public string[] Names { get; }

    public string Name(TEnum value)
    {
        foreach (var (known, name) in _entries)
        {
            if (known.Equals(value))
            {
                return name;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, null);
    }

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
