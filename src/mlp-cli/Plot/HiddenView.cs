using Mlp.Model;

namespace Mlp.Cli.Plot;

/// <summary>The data's activations in the hidden layers, from one forward pass.</summary>
internal sealed class HiddenView
{
    private readonly Workspace<float> _workspace;
    private readonly int _rows;

    public HiddenView(MlpModel model, PlotData data)
    {
        _rows = data.Rows;
        var scaled = new float[data.Inputs.Length];
        Standardization.Apply(model.InputScaling, data.Inputs, scaled);
        _workspace = new Workspace<float>(model.Network, Math.Max(1, _rows));
        model.Network.Forward(scaled, _rows, _workspace);
    }

    public ReadOnlySpan<float> Values(int layer, bool activated) =>
        activated ? _workspace.Activation(layer, _rows) : _workspace.PreActivation(layer, _rows);
}
