namespace Mlp.Data;

/// <summary>
/// How a CSV's text is written where it differs by locale: --delimiter (null: detected, or tab
/// for a .tsv name) and --decimal (a dot, or a comma as Excel writes in comma-decimal locales,
/// usually with ';' between fields). Set once from the command line before a command runs.
/// </summary>
internal sealed class CsvDialect
{
    public char? Delimiter { get; set; }

    /// <summary>--decimal ,: numbers are read with a comma for the decimal mark; a dot in a number is an error.</summary>
    public bool DecimalComma { get; set; }
}
