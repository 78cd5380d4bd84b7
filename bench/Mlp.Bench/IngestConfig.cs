using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Mlp.Bench;

/// <summary>Adds the ingest rate: the CSV file's megabytes per second of the median load.</summary>
public sealed class IngestConfig : ManualConfig
{
    public IngestConfig() => AddColumn(new MegabytesPerSecondColumn());
}

public sealed class MegabytesPerSecondColumn : IColumn
{
    public string Id => nameof(MegabytesPerSecondColumn);
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Megabytes (10^6 bytes) of CSV loaded per second, from the median";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } statistics)
        {
            return "-";
        }
        double megabytes = new FileInfo(CsvIngestBenchmarks.FilePath).Length / 1e6;
        return (megabytes / (statistics.Median / 1e9)).ToString(
            "0",
            System.Globalization.CultureInfo.InvariantCulture
        );
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
