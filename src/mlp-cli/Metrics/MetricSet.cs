namespace Mlp.Cli.Metrics;

/// <summary>Named metric values in report order (null where a metric is undefined), and the confusion matrix for classification.</summary>
internal sealed class MetricSet
{
    public List<(string Name, double? Value)> Values { get; } = [];

    /// <summary>counts[true class, predicted class]; null for regression.</summary>
    public long[,]? Confusion { get; init; }

    public double? this[string name] => Values.First(v => v.Name == name).Value;

    public void Add(string name, double? value) =>
        Values.Add((name, value is double d && double.IsFinite(d) ? d : null));
}
