namespace Mlp.Explain;

/// <summary>One way to measure how much each feature drives the model's output.</summary>
internal interface IImportanceMethod
{
    /// <summary>The method's name as `--method` spells it.</summary>
    string Name { get; }

    ImportanceReport Compute(ExplainData data);
}
