namespace Mlp.Data;

/// <summary>
/// What reading a data file needs from its caller: where its warnings go, the stream a path of
/// "-" means, the CSV dialect (decimal mark, separator), and the token that stops it.
/// </summary>
internal sealed record ReadSettings(
    TextWriter Warnings,
    Stream? StandardInput = null,
    CsvDialect? Dialect = null,
    CancellationToken Cancel = default
)
{
    public CsvDialect CsvDialect => Dialect ?? new CsvDialect();

    /// <summary>
    /// Memory that rows read whole (<see cref="LabelledRows.Read"/>) may take: a file over it is
    /// read as a seeded random sample of the rows it holds; null reads every row.
    /// </summary>
    public long? MemoryBudget { get; init; }
}
