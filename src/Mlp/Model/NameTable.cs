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
    private readonly TEnum[] _values;

    // Two arrays rather than pairs, and loops rather than LINQ: every command's start-up builds
    // these tables, and each generic value-type call (a tuple's constructor, a LINQ operator) is
    // code the JIT must compile first (ReadyToRun has none).
    public NameTable(TEnum[] values, string[] names)
    {
        var named = new List<object>(values.Length);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            named.Add(value);
        }
        foreach (string name in names)
        {
            distinct.Add(name);
        }
        var missing = new List<string>();
        foreach (object value in Enum.GetValues(typeof(TEnum)))
        {
            if (!named.Contains(value))
            {
                missing.Add(value.ToString()!);
            }
        }
        if (names.Length != values.Length || missing.Count > 0 || distinct.Count != names.Length)
        {
            throw new ArgumentException(
                $"the names of {typeof(TEnum).Name} must cover every value once: {string.Join(", ", missing)}"
            );
        }
        _values = values;
        Names = names;
    }

    public string[] Names { get; }

    public string Name(TEnum value)
    {
        for (int i = 0; i < _values.Length; i++)
        {
            if (_values[i].Equals(value))
            {
                return Names[i];
            }
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, null);
    }

    public TEnum? Parse(string? name)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (Names[i] == name)
            {
                return _values[i];
            }
        }
        return null;
    }

    /// <summary>The names joined for a help text: "a, b, c or d".</summary>
    public string Listed() =>
        Names.Length == 1 ? Names[0] : $"{string.Join(", ", Names[..^1])} or {Names[^1]}";
}
