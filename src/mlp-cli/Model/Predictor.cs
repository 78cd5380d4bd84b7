namespace Mlp.Cli.Model;

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
        _workspace = new Workspace<float>(model.Network, capacity);
        _scaled = new float[capacity * model.Network.InputCount];
    }

    public int Capacity => _workspace.Capacity;
    public int OutputWidth => _model.Network.OutputCount;

    public void Predict(ReadOnlySpan<float> inputs, int rows, Span<float> outputs)
    {
        int width = _model.Network.InputCount;
        var scaled = _scaled.AsSpan(0, rows * width);
        Scale(_model.InputScaling, inputs[..(rows * width)], scaled, width);
        var logits = _model.Network.Forward(scaled, rows, _workspace);
        OutputHead.Apply(_model.Schema.Task, _model.TargetScaling, logits, outputs, OutputWidth);
    }

    /// <summary>(x − mean) / std per input column, or a copy without standardization.</summary>
    public static void Scale(
        Scaling? inputScaling,
        ReadOnlySpan<float> inputs,
        Span<float> scaled,
        int width
    )
    {
        if (inputScaling is not { } scaling)
        {
            inputs.CopyTo(scaled);
            return;
        }
        var mean = scaling.Mean;
        var std = scaling.Std;
        for (int row = 0; row < inputs.Length; row += width)
        {
            for (int c = 0; c < width; c++)
            {
                scaled[row + c] = (inputs[row + c] - mean[c]) / std[c];
            }
        }
    }
}
