using System.Globalization;
using System.Text;

namespace Mlp;

/// <summary>
/// Columns in memory to train on, read exactly as a CSV file with the same cells would be: a
/// number column's NaN is a gap, and a text column's null or empty value (or NA, NaN, null) is
/// a gap; a text column whose every value reads as a number is a number column, unless
/// <see cref="TrainingOptions.Categorical"/> names it. Errors name the table as <c>&lt;table&gt;</c>,
/// with the line a CSV file would have (the header is line 1).
/// </summary>
public sealed class Table
{
    private readonly List<(string Name, string[] Cells)> _columns = [];

    /// <summary>The columns' names, in the order they were added.</summary>
    public IReadOnlyList<string> Columns => [.. _columns.Select(c => c.Name)];

    /// <summary>The row count: every column's length.</summary>
    public int Rows => _columns.Count == 0 ? 0 : _columns[0].Cells.Length;

    /// <summary>Adds a column of numbers; NaN is a gap.</summary>
    /// <exception cref="ArgumentException">The name is taken, or the length is not the other columns'.</exception>
    public Table Add(string name, IEnumerable<double> values) =>
        Add(
            name,
            values.Select(v => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture))
        );

    /// <summary>Adds a column of text (categories); null or empty is a gap.</summary>
    /// <exception cref="ArgumentException">The name is taken, or the length is not the other columns'.</exception>
    public Table Add(string name, IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        if (_columns.Any(c => c.Name == name))
        {
            throw new ArgumentException($"the table already has a column \"{name}\"", nameof(name));
        }
        string[] cells = [.. values.Select(v => v ?? "")];
        if (_columns.Count > 0 && cells.Length != Rows)
        {
            throw new ArgumentException(
                $"column \"{name}\" has {cells.Length} values, the table's other columns {Rows}",
                nameof(values)
            );
        }
        _columns.Add((name, cells));
        return this;
    }

    /// <summary>What <see cref="MlpException.Place"/> calls the table.</summary>
    internal const string DisplayName = "<table>";

    /// <summary>The table as CSV text (RFC 4180 quoting), for the same reader files go through.</summary>
    internal MemoryStream ToCsv()
    {
        var text = new StringBuilder();
        void Row(IEnumerable<string> cells) =>
            text.AppendJoin(',', cells.Select(Quoted)).Append('\n');
        Row(_columns.Select(c => c.Name));
        for (int row = 0; row < Rows; row++)
        {
            Row(_columns.Select(c => c.Cells[row]));
        }
        return new MemoryStream(new UTF8Encoding(false).GetBytes(text.ToString()), writable: false);
    }

    private static string Quoted(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || cell != cell.Trim()
            ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : cell;
}
