using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Mlp.Bench;

/// <summary>Short runs (these machines are shared) with a GFLOP/s column.</summary>
public sealed class GemmConfig : ManualConfig
{
    public GemmConfig()
    {
        AddJob(Job.ShortRun);
        AddColumn(new GflopsColumn());
    }
}

/// <summary>2 · multiply-adds / median time, from the benchmark instance's MultiplyAdds property.</summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend =>
        "Billions of floating-point operations per second (2 per multiply-add), from the median";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics)
        {
            return "-";
        }
        var instance = Activator.CreateInstance(benchmarkCase.Descriptor.Type)!;
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            benchmarkCase
                .Descriptor.Type.GetProperty(parameter.Name)
                ?.SetValue(instance, parameter.Value);
        }
        long multiplyAdds = (long)
            benchmarkCase.Descriptor.Type.GetProperty("MultiplyAdds")!.GetValue(instance)!;
        double seconds = statistics.Median / 1e9;
        return (2.0 * multiplyAdds / seconds / 1e9).ToString(
            "0.0",
            System.Globalization.CultureInfo.InvariantCulture
        );
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
