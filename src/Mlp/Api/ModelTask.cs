namespace Mlp;

/// <summary>What a model predicts.</summary>
public enum ModelTask
{
    /// <summary>A number: the prediction is in the target's units.</summary>
    Regression,

    /// <summary>One of two classes: the prediction is the second class's probability.</summary>
    Binary,

    /// <summary>One of three or more classes: the prediction is each class's probability.</summary>
    Multiclass,
}
