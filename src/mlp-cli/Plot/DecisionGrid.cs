using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Cli.Plot;

/// <summary>
/// The model over a grid of two features, every other input at its training mean: one batched
/// forward pass. The grid is built and standardized once; each evaluation (one per animation
/// frame) only runs the model. Keeps each grid point's outputs and its hidden activations.
/// </summary>
internal sealed class DecisionGrid
{
    private readonly MlpModel _model;
    private readonly Workspace<float> _workspace;
    private readonly float[] _scaled;

    public DecisionGrid(
        MlpModel model,
        int xInput,
        int yInput,
        (double Min, double Max) x,
        (double Min, double Max) y,
        int size
    )
    {
        _model = model;
        Size = size;
        XRange = x;
        YRange = y;
        int width = model.Network.InputCount;
        int rows = size * size;
        _workspace = new Workspace<float>(model.Network, rows, forwardOnly: true);
        Outputs = new float[rows * model.Network.OutputCount];
        // Standardized once for the baseline row and per axis value, straight into the grid's
        // floats: on wide data a grid of rows in their own units would take gigabytes.
        // Every other input at z = 0: its training mean (x = 0 without standardization).
        var baseline = new float[width];
        float Standard(double value, int input) =>
            (float)(model.InputScaling?.ToStandard(value, input) ?? value);
        _scaled = new float[rows * width];
        for (int row = 0; row < size; row++)
        {
            float yValue = Standard(y.Max - (row + 0.5) / size * (y.Max - y.Min), yInput);
            for (int column = 0; column < size; column++)
            {
                var cell = _scaled.AsSpan((row * size + column) * width, width);
                baseline.CopyTo(cell);
                cell[xInput] = Standard(x.Min + (column + 0.5) / size * (x.Max - x.Min), xInput);
                cell[yInput] = yValue;
            }
        }
    }

    public int Size { get; }
    public (double Min, double Max) XRange { get; }
    public (double Min, double Max) YRange { get; }

    /// <summary>Per grid point (row-major from the top-left), the model's outputs.</summary>
    public float[] Outputs { get; }

    /// <summary>Runs the model (as it is now) over the grid.</summary>
    public void Evaluate()
    {
        var logits = _model.Network.Forward(_scaled, Size * Size, _workspace);
        OutputHead.Apply(
            _model.Schema.Task,
            _model.TargetScaling,
            logits,
            Outputs,
            _model.Network.OutputCount
        );
    }

    /// <summary>Layer <paramref name="layer"/>'s values per grid point after <see cref="Evaluate"/>: pre-activation or activation.</summary>
    public ReadOnlySpan<float> Hidden(int layer, bool activated) =>
        activated
            ? _workspace.Activation(layer, Size * Size)
            : _workspace.PreActivation(layer, Size * Size);
}
