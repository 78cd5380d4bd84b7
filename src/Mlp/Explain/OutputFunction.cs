using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// The f that gradient methods explain: the positive-class probability (binary), the
/// prediction in target units (regression), or the probability of one class (multiclass:
/// a chosen class, or each row's predicted class). Evaluated through the same float network
/// code and SIMD kernels as training; the head (sigmoid, softmax, scaling) and everything
/// callers add up runs in double.
/// </summary>
internal sealed class OutputFunction
{
    private readonly Network<float> _network;
    private readonly TaskKind _task;
    private readonly Standardization _target;
    private readonly int? _class;
    private Workspace<float> _workspace;
    private readonly float[] _gradients;
    private float[] _inputs = [];
    private readonly double[] _row;
    private readonly double[] _probabilities;

    public OutputFunction(MlpModel model, int? classIndex)
    {
        _network = model.Network;
        _task = model.Schema.Task;
        _target = model.TargetScaling ?? new Standardization([0], [1]);
        _class = classIndex;
        _workspace = new Workspace<float>(_network, 1);
        _gradients = new float[_network.Parameters.Length];
        _row = new double[_network.OutputCount];
        _probabilities = new double[_network.OutputCount];
    }

    /// <summary>
    /// f for each row of z (rows, inputs). When <paramref name="classes"/> is given, each
    /// row's f is about that class if <paramref name="useGivenClasses"/>, otherwise the class
    /// chosen for the row is written into it.
    /// </summary>
    public double[] Values(
        ReadOnlySpan<double> z,
        int rows,
        int[]? classes = null,
        bool useGivenClasses = false
    )
    {
        var logits = Forward(z, rows);
        var values = new double[rows];
        int width = _network.OutputCount;
        for (int r = 0; r < rows; r++)
        {
            var row = Widen(logits.Slice(r * width, width));
            int c = useGivenClasses && classes is not null ? classes[r] : ClassOf(row);
            if (classes is not null)
            {
                classes[r] = c;
            }
            values[r] = _task switch
            {
                TaskKind.Binary => Activations.Sigmoid(row[0]),
                TaskKind.Regression => _target.FromStandard(row[0], 0),
                _ => Softmax(row)[c],
            };
        }
        return values;
    }

    /// <summary>
    /// ∂f/∂z for each row (rows, inputs), by backpropagation. <paramref name="classes"/>, when
    /// given, fixes the class each row's f is about (multiclass), so that the gradient along an
    /// integration path stays about one class.
    /// </summary>
    public double[] Gradients(ReadOnlySpan<double> z, int rows, int[]? classes = null)
    {
        var logits = Forward(z, rows);
        int width = _network.OutputCount;
        var outputGradient = _workspace.OutputGradient(rows);
        for (int r = 0; r < rows; r++)
        {
            var row = Widen(logits.Slice(r * width, width));
            var gradient = outputGradient.Slice(r * width, width);
            switch (_task)
            {
                case TaskKind.Binary:
                    double p = Activations.Sigmoid(row[0]);
                    gradient[0] = (float)(p * (1 - p));
                    break;
                case TaskKind.Regression:
                    gradient[0] = (float)_target.Std[0]; // d(z·std + mean)/dz
                    break;
                default:
                    int c = classes?[r] ?? ClassOf(row);
                    var probabilities = Softmax(row);
                    for (int j = 0; j < width; j++)
                    {
                        gradient[j] = (float)(
                            probabilities[c] * ((j == c ? 1 : 0) - probabilities[j])
                        );
                    }
                    break;
            }
        }
        var inputGradient = _network.Backward(
            _inputs.AsSpan(0, rows * _network.InputCount),
            rows,
            _workspace,
            _gradients,
            inputGradient: true
        );
        var result = new double[inputGradient.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = inputGradient[i];
        }
        return result;
    }

    private ReadOnlySpan<float> Forward(ReadOnlySpan<double> z, int rows)
    {
        int length = rows * _network.InputCount;
        if (_workspace.Capacity < rows)
        {
            _workspace = new Workspace<float>(_network, rows);
            _inputs = new float[length];
        }
        for (int i = 0; i < length; i++)
        {
            _inputs[i] = (float)z[i];
        }
        return _network.Forward(_inputs.AsSpan(0, length), rows, _workspace);
    }

    /// <summary>One row of logits in double, in a buffer reused from row to row.</summary>
    private double[] Widen(ReadOnlySpan<float> logits)
    {
        for (int j = 0; j < logits.Length; j++)
        {
            _row[j] = logits[j];
        }
        return _row;
    }

    private int ClassOf(ReadOnlySpan<double> logits)
    {
        if (_task != TaskKind.Multiclass)
        {
            return 0;
        }
        if (_class is int chosen)
        {
            return chosen;
        }
        int best = 0;
        for (int j = 1; j < logits.Length; j++)
        {
            if (logits[j] > logits[best])
            {
                best = j;
            }
        }
        return best;
    }

    private double[] Softmax(ReadOnlySpan<double> logits)
    {
        Losses.Softmax<double>(logits, _probabilities, logits.Length);
        return _probabilities;
    }
}
