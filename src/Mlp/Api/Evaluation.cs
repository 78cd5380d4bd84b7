namespace Mlp;

/// <summary>How well a model predicts labelled rows: the metrics <c>mlp eval</c> prints.</summary>
/// <param name="Rows">How many rows were scored.</param>
/// <param name="Metrics">
/// Each metric by its <c>mlp eval</c> name, in report order: mse, rmse, mae and r2 for
/// regression; accuracy, log_loss and more for classification. A metric that is undefined on
/// these rows (r2 of a constant target, auc with one class present) is absent.
/// </param>
public sealed record Evaluation(int Rows, IReadOnlyDictionary<string, double> Metrics);
