namespace Mlp.Metrics;

/// <summary>Named metric values in report order (null where a metric is undefined), and the confusion matrix for classification.</summary>
internal sealed class MetricSet
{
    public List<(string Name, double? Value)> Values { get; } = [];

    /// <summary>counts[true class, predicted class]; null for regression.</summary>
    public long[,]? Confusion { get; init; }

    /// <summary>Multiclass: each class's precision, recall, F1 and support (weighted rows of that true class), in class order; null otherwise.</summary>
    public ClassScores[]? PerClass { get; init; }

    public double? this[string name] => Values.First(v => v.Name == name).Value;

    public void Add(string name, double? value) =>
        Values.Add((name, value is double d && double.IsFinite(d) ? d : null));
}

/// <summary>One class's scores, as scikit-learn's classification_report gives them (zero_division=0).</summary>
internal readonly record struct ClassScores(
    double Precision,
    double Recall,
    double F1,
    double Support
);
