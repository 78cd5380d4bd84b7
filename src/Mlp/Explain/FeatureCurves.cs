using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// One-feature partial dependence curves (the average over the rows only) from the rows'
/// first-layer products: setting a feature to a grid point changes row r's product W₁z_r by
/// W₁[:, i] · (z_point,i − z_r,i) for each of its columns i, so a point costs one scaled column
/// per row and the later layers instead of a whole first layer (on 784 columns, a 784th of
/// it). Each feature is one part, on whichever thread claims it; a part's arithmetic does not
/// depend on the thread, so neither do the curves.
/// </summary>
internal sealed class FeatureCurves : IParallelJob, IDisposable
{
    private readonly ExplainData _data;
    private readonly PdpAxis[] _axes;
    private readonly int? _classIndex;
    private readonly int[]? _classes;
    private readonly float[] _z;
    private readonly float[] _products; // (rows, units) = W₁z of the rows as they are
    private readonly FirstLayerColumns<float> _columns;
    private readonly ThreadLocal<(
        Workspace<float> Workspace,
        float[] Outputs,
        float[] Point
    )> _buffers;

    public FeatureCurves(ExplainData data, PdpAxis[] axes, int? classIndex)
    {
        (_data, _axes, _classIndex) = (data, axes, classIndex);
        var model = data.Model;
        var network = model.Network;
        _z = ModelRows.Standardized(data);
        _classes =
            model.Schema.Task == TaskKind.Multiclass && classIndex is null
                ? new ModelRows(model, null, data.Cancel).PredictedClasses(_z, data.Rows)
                : null;
        _products = FirstLayerColumns<float>.Products(network, _z, data.Rows);
        _columns = new FirstLayerColumns<float>(network);
        _buffers = new(() =>
            (
                new Workspace<float>(network, data.Rows, forwardOnly: true),
                new float[data.Rows * network.OutputCount],
                new float[data.InputCount]
            )
        );
        Curves = new double[axes.Length][];
    }

    /// <summary>Per axis, f averaged over the rows at each grid point.</summary>
    public double[][] Curves { get; }

    public void Dispose() => _buffers.Dispose();

    public void Execute(int part)
    {
        _data.Cancel.ThrowIfCancellationRequested();
        var (workspace, outputs, point) = _buffers.Value!;
        var axis = _axes[part];
        var network = _data.Model.Network;
        int rows = _data.Rows,
            width = _data.InputCount,
            units = _columns.Units,
            outputWidth = network.OutputCount;
        var curve = new double[axis.Count];
        for (int p = 0; p < axis.Count; p++)
        {
            axis.Set(point, p, _data.Model.InputScaling);
            var products = workspace.PreActivation(0, rows);
            _products.CopyTo(products);
            for (int r = 0; r < rows; r++)
            {
                var row = products.Slice(r * units, units);
                for (int i = axis.Start; i < axis.Start + axis.Width; i++)
                {
                    _columns.Add(i, point[i] - _z[r * width + i], row);
                }
            }
            var logits = network.ForwardAfterFirstProduct(rows, workspace);
            OutputHead.Apply(
                _data.Model.Schema.Task,
                _data.Model.TargetScaling,
                logits,
                outputs,
                outputWidth
            );
            double sum = 0;
            for (int r = 0; r < rows; r++)
            {
                int column = outputWidth == 1 ? 0 : _classIndex ?? _classes![r];
                sum += outputs[r * outputWidth + column];
            }
            curve[p] = sum / rows;
        }
        Curves[part] = curve;
        _data.Progress.Advance();
    }
}
