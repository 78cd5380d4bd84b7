namespace Mlp.Model;

/// <summary>
/// A model's forward pass over chunks of rows in source units: scaling, network, output
/// head. Outputs per row: the positive-class probability (binary), the class probabilities
/// (multiclass), or the prediction in target units (regression).
/// </summary>
internal sealed class Predictor
{
    private readonly MlpModel _model;
    private readonly Workspace<float> _workspace;
    private readonly float[] _scaled;

    public Predictor(MlpModel model, int capacity)
    {
        _model = model;
        _workspace = new Workspace<float>(model.Network, capacity, forwardOnly: true);
        _scaled = new float[capacity * model.Network.InputCount];
    }

    public int Capacity => _workspace.Capacity;
    public int OutputWidth => _model.Network.OutputCount;

    /// <summary>Outputs of <paramref name="rows"/> rows of inputs in their own units (rows, InputCount).</summary>
    public void Predict(ReadOnlySpan<double> inputs, int rows, Span<float> outputs)
    {
        int width = _model.Network.InputCount;
        var scaled = _scaled.AsSpan(0, rows * width);
        Standardization.Apply(_model.InputScaling, inputs[..(rows * width)], scaled);
        var logits = _model.Network.Forward(scaled, rows, _workspace);
        OutputHead.Apply(_model.Schema.Task, _model.TargetScaling, logits, outputs, OutputWidth);
    }
}
