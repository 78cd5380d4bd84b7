namespace Mlp.Data;

/// <summary>
/// The gaps <see cref="MissingStrategy.Auto"/> filled in the training columns, told in one
/// warning line: how many columns and cells, where the first is, and what was done.
/// </summary>
internal sealed class GapSummary
{
    private int _numericColumns;
    private int _categoricalColumns;
    private long _cells;
    private (long Line, string Column)? _first;

    public void Add(RawColumn raw, bool categorical)
    {
        if (categorical)
        {
            _categoricalColumns++;
        }
        else
        {
            _numericColumns++;
        }
        _cells += raw.MissingCount;
        if (_first is not { } first || raw.FirstMissingLine < first.Line)
        {
            _first = (raw.FirstMissingLine, raw.Name);
        }
    }

    public void Warn(string file, TextWriter? warnings)
    {
        if (warnings is null || _first is not { } first)
        {
            return;
        }
        int columns = _numericColumns + _categoricalColumns;
        var done = new List<string>();
        if (_numericColumns > 0)
        {
            done.Add(
                $"{TextList.Count(_numericColumns, "numeric column")} filled with the training median plus a missing-indicator input"
            );
        }
        if (_categoricalColumns > 0)
        {
            done.Add(
                $"{TextList.Count(_categoricalColumns, "text column")} given the category (missing)"
            );
        }
        warnings.WriteLine(
            $"mlp: warning: {TextList.Count(_cells, "missing value")} in {TextList.Count(columns, "column")}: "
                + $"{string.Join("; ", done)}; --missing error refuses them "
                + $"(first at {new ErrorPlace(file, first.Line, first.Column)})"
        );
    }
}
