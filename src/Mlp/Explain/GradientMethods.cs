namespace Mlp.Explain;

/// <summary>`gradient`: mean over rows of |∂f/∂z_i|, z the standardized input.</summary>
internal sealed class GradientMethod(int? classIndex) : IImportanceMethod
{
    public string Name => "gradient";

    public ImportanceReport Compute(ExplainData data)
    {
        var gradients = new OutputFunction(data.Model, classIndex).Gradients(
            data.Standardized(),
            data.Rows
        );
        return new ImportanceReport
        {
            Method = Name,
            Features = Attributions.Summarize(data, gradients),
        };
    }
}

/// <summary>`input-x-gradient`: mean over rows of |(z_i − z0_i) · ∂f/∂z_i|.</summary>
internal sealed class InputTimesGradientMethod(int? classIndex, BaselineKind baseline)
    : IImportanceMethod
{
    public string Name => "input-x-gradient";

    public ImportanceReport Compute(ExplainData data)
    {
        var z = data.Standardized();
        var z0 = Baseline.Standardized(data, baseline);
        var gradients = new OutputFunction(data.Model, classIndex).Gradients(z, data.Rows);
        for (int i = 0; i < gradients.Length; i++)
        {
            gradients[i] *= z[i] - z0[i % z0.Length];
        }
        return new ImportanceReport
        {
            Method = Name,
            Features = Attributions.Summarize(data, gradients),
        };
    }
}
