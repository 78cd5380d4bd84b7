using Mlp.Cli.Model;
using Mlp.Kernels;

namespace Mlp.Cli.Explain;

/// <summary>
/// The f that gradient methods explain: the positive-class probability (binary), the
/// prediction in target units (regression), or the probability of one class (multiclass:
/// a chosen class, or each row's predicted class). Evaluated in double through the same
/// network code as training.
/// </summary>
internal sealed class OutputFunction
{
    private readonly Network<double> _network;
    private readonly TaskKind _task;
    private readonly double _targetStd;
    private readonly double _targetMean;
    private readonly int? _class;
    private Workspace<double> _workspace;
    private double[] _gradients;

    public OutputFunction(MlpModel model, int? classIndex)
    {
        _network = model.Network.Convert<double>();
        _task = model.Schema.Task;
        _targetStd = model.TargetScaling?.Std[0] ?? 1;
        _targetMean = model.TargetScaling?.Mean[0] ?? 0;
        _class = classIndex;
        _workspace = new Workspace<double>(_network, 1);
        _gradients = new double[_network.Parameters.Length];
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
            var row = logits.Slice(r * width, width);
            int c = useGivenClasses && classes is not null ? classes[r] : ClassOf(row);
            if (classes is not null)
            {
                classes[r] = c;
            }
            values[r] = _task switch
            {
                TaskKind.Binary => Activations.Sigmoid(row[0]),
                TaskKind.Regression => row[0] * _targetStd + _targetMean,
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
            var row = logits.Slice(r * width, width);
            var gradient = outputGradient.Slice(r * width, width);
            switch (_task)
            {
                case TaskKind.Binary:
                    double p = Activations.Sigmoid(row[0]);
                    gradient[0] = p * (1 - p);
                    break;
                case TaskKind.Regression:
                    gradient[0] = _targetStd;
                    break;
                default:
                    int c = classes?[r] ?? ClassOf(row);
                    var probabilities = Softmax(row);
                    for (int j = 0; j < width; j++)
                    {
                        gradient[j] = probabilities[c] * ((j == c ? 1 : 0) - probabilities[j]);
                    }
                    break;
            }
        }
        return _network.Backward(z, rows, _workspace, _gradients, inputGradient: true).ToArray();
    }

    private ReadOnlySpan<double> Forward(ReadOnlySpan<double> z, int rows)
    {
        if (_workspace.Capacity < rows)
        {
            _workspace = new Workspace<double>(_network, rows);
        }
        return _network.Forward(z[..(rows * _network.InputCount)], rows, _workspace);
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

    private static double[] Softmax(ReadOnlySpan<double> logits)
    {
        var probabilities = new double[logits.Length];
        Losses.Softmax<double>(logits, probabilities, logits.Length);
        return probabilities;
    }
}
