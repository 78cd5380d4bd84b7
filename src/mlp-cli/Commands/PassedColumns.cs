using Mlp.Data;

namespace Mlp.Cli.Commands;

/// <summary>The input columns predict writes before its predictions: none, all (--keep), or those --id names.</summary>
internal sealed class PassedColumns
{
    private readonly IReadOnlyList<string>? _names;
    private readonly bool _all;

    private PassedColumns(IReadOnlyList<string>? names, bool all) => (_names, _all) = (names, all);

    public static PassedColumns None { get; } = new(null, false);
    public static PassedColumns All { get; } = new(null, true);

    public static PassedColumns Named(IReadOnlyList<string> names) =>
        names.Count > 0
            ? new(names, false)
            : throw new UsageException("--id needs at least one column name");

    /// <summary>The columns' positions in the header, in the order named; a name the data lacks is an error.</summary>
    public int[] Indices(string[] headers, string file)
    {
        if (_all)
        {
            return [.. Enumerable.Range(0, headers.Length)];
        }
        return
        [
            .. (_names ?? []).Select(name =>
                Array.IndexOf(headers, name) is int index and >= 0
                    ? index
                    : throw new MlpException(
                        $"--id names column \"{name}\", which is not in the data",
                        new ErrorPlace(file, 1),
                        $"the data has: {TextList.Of(headers)}"
                    )
            ),
        ];
    }
}
