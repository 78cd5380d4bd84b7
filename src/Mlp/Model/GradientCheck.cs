using Mlp.Kernels;

namespace Mlp.Model;

/// <summary>One tensor's comparison of backpropagation with central differences.</summary>
internal sealed record TensorCheck(
    string Name,
    int Size,
    int Checked,
    int SkippedAtKinks,
    double MaxRelativeError
);

/// <summary>
/// Compares the gradients of the mean loss from backpropagation with central finite
/// differences, in double precision, for every parameter tensor and for the inputs. Large
/// tensors are checked at a seeded sample of entries. Where a perturbation moves a ReLU-type
/// unit across its kink the difference quotient is meaningless, so that entry is skipped
/// (and counted).
/// </summary>
internal sealed class GradientCheck
{
    public const double Step = 1e-4;
    public const double Threshold = 1e-4;

    /// <summary>Gradients smaller than this are compared absolutely: below it only rounding remains.</summary>
    private const double Floor = 1e-7;

    private readonly Network<double> _network;
    private readonly TaskKind _task;
    private readonly double[] _inputs;
    private readonly double[] _targets;
    private readonly int _rows;
    private readonly Workspace<double> _workspace;
    private readonly double[] _gradientScratch;
    private bool[][] _basePattern = [];

    public GradientCheck(
        Network<double> network,
        TaskKind task,
        double[] scaledInputs,
        double[] targets
    )
    {
        _network = network;
        _task = task;
        _inputs = scaledInputs;
        _targets = targets;
        _rows = targets.Length;
        _workspace = new Workspace<double>(network, _rows);
        _gradientScratch = new double[_rows * network.OutputCount];
    }

    /// <summary>The check of a model on raw rows (rows, inputs) and targets (class index or value in target units).</summary>
    public static GradientCheck ForModel(
        MlpModel model,
        double[] rawInputs,
        float[] targets,
        int rows
    )
    {
        var inputs = rawInputs[..(rows * model.Network.InputCount)];
        model.InputScaling?.ToStandard(inputs, inputs);
        var scaledTargets = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            scaledTargets[r] = model.TargetScaling?.ToStandard(targets[r], 0) ?? targets[r];
        }
        return new GradientCheck(
            model.Network.Convert<double>(),
            model.Schema.Task,
            inputs,
            scaledTargets
        );
    }

    public IReadOnlyList<TensorCheck> Run(int maxEntriesPerTensor, Rng rng)
    {
        var gradients = new double[_network.Parameters.Length];
        LossGradientIntoWorkspace();
        _basePattern = KinkSides();
        var inputGradient = _network
            .Backward(_inputs, _rows, _workspace, gradients, inputGradient: true)
            .ToArray();

        var results = new List<TensorCheck>();
        for (int l = 0; l < _network.Layers.Length; l++)
        {
            results.Add(
                Check(
                    $"layers.{l}.weight",
                    _network.Parameters,
                    _network.WeightOffset(l),
                    _network.Layers[l].WeightCount,
                    gradients,
                    maxEntriesPerTensor,
                    rng
                )
            );
            results.Add(
                Check(
                    $"layers.{l}.bias",
                    _network.Parameters,
                    _network.BiasOffset(l),
                    _network.Layers[l].OutputCount,
                    gradients,
                    maxEntriesPerTensor,
                    rng
                )
            );
        }
        results.Add(
            Check("inputs", _inputs, 0, _inputs.Length, inputGradient, maxEntriesPerTensor, rng)
        );
        return results;
    }

    private TensorCheck Check(
        string name,
        double[] values,
        int offset,
        int size,
        double[] analyticSource,
        int maxEntries,
        Rng rng
    )
    {
        var entries = Enumerable.Range(0, size).ToArray();
        if (size > maxEntries)
        {
            rng.Shuffle(entries);
            entries = entries[..maxEntries];
        }
        int analyticOffset = ReferenceEquals(analyticSource, values) ? 0 : offset;
        double maxError = 0;
        int skipped = 0;
        foreach (int entry in entries)
        {
            int index = offset + entry;
            double saved = values[index];
            values[index] = saved + Step;
            double plus = Loss();
            bool kinkPlus = !SameKinkSides();
            values[index] = saved - Step;
            double minus = Loss();
            bool kinkMinus = !SameKinkSides();
            values[index] = saved;
            if (kinkPlus || kinkMinus)
            {
                skipped++;
                continue;
            }
            double numeric = (plus - minus) / (2 * Step);
            double analytic = analyticSource[analyticOffset + entry];
            double error =
                Math.Abs(analytic - numeric)
                / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), Floor);
            maxError = Math.Max(maxError, error);
        }
        return new TensorCheck(name, size, entries.Length - skipped, skipped, maxError);
    }

    /// <summary>Mean loss over the rows at the current parameters and inputs.</summary>
    private double Loss()
    {
        var logits = _network.Forward(_inputs, _rows, _workspace);
        return LossFunction.Compute(
                _task,
                logits,
                _targets,
                _gradientScratch,
                _network.OutputCount,
                1.0 / _rows
            ) / _rows;
    }

    private void LossGradientIntoWorkspace()
    {
        var logits = _network.Forward(_inputs, _rows, _workspace);
        LossFunction.Compute(
            _task,
            logits,
            _targets,
            _workspace.OutputGradient(_rows),
            _network.OutputCount,
            1.0 / _rows
        );
    }

    /// <summary>Which side of zero each ReLU-type unit's pre-activation is on, for every row.</summary>
    private bool[][] KinkSides()
    {
        var sides = new bool[_network.Layers.Length][];
        for (int l = 0; l < _network.Layers.Length; l++)
        {
            bool kinked = _network.Layers[l].Activation is Activation.Relu or Activation.LeakyRelu;
            sides[l] = kinked
                ? _workspace.PreActivation(l, _rows).ToArray().Select(z => z > 0).ToArray()
                : [];
        }
        return sides;
    }

    private bool SameKinkSides()
    {
        var now = KinkSides();
        for (int l = 0; l < now.Length; l++)
        {
            if (!now[l].AsSpan().SequenceEqual(_basePattern[l]))
            {
                return false;
            }
        }
        return true;
    }
}
