using Mlp.Cli;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests.Properties;

/// <summary>
/// Checks a training run step by step against <see cref="ReferenceNetwork"/> and
/// <see cref="ReferenceOptimizer"/>: each batch's loss and gradient at the parameters the step
/// started from, each update, and each epoch's training loss, running metric and validation
/// loss and metric, all recomputed in double by code that shares nothing with the product's.
/// </summary>
internal sealed class StepCheck : IStepObserver
{
    private readonly ReferenceNetwork _reference;
    private readonly ReferenceOptimizer _optimizer;
    private readonly TaskKind _task;
    private readonly TrainingSettings _settings;
    private readonly int[] _widths;
    private float[] _inputs = [];
    private float[] _target = [];
    private float[]? _weights;
    private float[]? _metricWeights;
    private int[] _validationRows = [];

    // The step in progress.
    private int[] _batch = [];
    private float[] _before = [];
    private long _stepsBefore;
    private float _learningRate;

    // The epoch in progress, from the reference: Σ loss, Σ weight, and the running score.
    private double _epochLoss,
        _epochWeight;
    private readonly Score _epochScore = new();

    public StepCheck(int inputs, int outputs, TrainingSettings settings, TaskKind task)
    {
        _widths = [inputs, .. settings.Hidden, outputs];
        _reference = new ReferenceNetwork(_widths, settings.Activation, task);
        var isWeight = new List<bool>();
        for (int l = 0; l < _widths.Length - 1; l++)
        {
            isWeight.AddRange(Enumerable.Repeat(true, _widths[l] * _widths[l + 1]));
            isWeight.AddRange(Enumerable.Repeat(false, _widths[l + 1]));
        }
        _optimizer = new ReferenceOptimizer(
            settings.Optimizer,
            settings.Momentum,
            settings.L2,
            [.. isWeight]
        );
        _settings = settings;
        _task = task;
    }

    public int Steps { get; private set; }

    /// <summary>Steps whose gradient was not compared: a pre-activation sat within rounding of ReLU's kink.</summary>
    public int StepsNearKink { get; private set; }

    public void Start(
        float[] inputs,
        float[] target,
        float[]? lossWeights,
        float[]? metricWeights,
        int[] trainRows,
        int[] validationRows
    )
    {
        _inputs = (float[])inputs.Clone();
        _target = (float[])target.Clone();
        _weights = (float[]?)lossWeights?.Clone();
        _metricWeights = (float[]?)metricWeights?.Clone();
        _validationRows = validationRows;
    }

    public void Before(
        ReadOnlySpan<int> batch,
        ReadOnlySpan<float> parameters,
        long stepsBefore,
        float learningRate
    )
    {
        _batch = batch.ToArray();
        _before = parameters.ToArray();
        _stepsBefore = stepsBefore;
        _learningRate = learningRate;
    }

    /// <summary>The largest mean batch loss the reference saw: far beyond any sane loss when a run diverges.</summary>
    public double LargestLoss { get; private set; }

    /// <summary>
    /// Whether a mean batch loss has passed a million (on standardized targets): the run has
    /// diverged, float rounding of such numbers is no longer comparable, and the checks stop.
    /// </summary>
    public bool Diverging => LargestLoss > 1e6;

    /// <summary>Whether a step's loss or gradient has left float's range: then the trainer must stop the run with "training diverged".</summary>
    public bool Overflowed { get; private set; }

    public void After(double loss, ReadOnlySpan<float> gradient, ReadOnlySpan<float> parameters)
    {
        Steps++;
        if (Overflowed || !double.IsFinite(loss) || !float.IsFinite(TensorSum(gradient)))
        {
            Overflowed = true;
            return;
        }
        if (Diverging)
        {
            return;
        }
        var masks = _settings.Dropout > 0 ? Masks() : null;
        var expected = _reference.Run(
            [.. _before.Select(v => (double)v)],
            _inputs,
            _target,
            _weights,
            _batch,
            masks is null ? null : (l, r, j) => masks[l][r * _widths[l + 1] + j]
        );
        double batchWeight = _batch.Sum(r => (double)(_weights?[r] ?? 1));
        LargestLoss = Math.Max(LargestLoss, expected.Loss / batchWeight);
        if (Diverging)
        {
            return;
        }
        Near(expected.Loss, loss, 2e-4 * expected.Loss + 1e-5 * batchWeight, "batch loss");
        if (expected.NearKink)
        {
            StepsNearKink++;
        }
        else
        {
            // A float sum of n terms is off by up to n·ε of their absolute sum: the gradient is a
            // chain of such sums, one per layer width and one over the batch's rows.
            double sums = _widths.Sum() + _batch.Length;
            double rounding = Math.Max(1e-5, 4 * sums * Math.Pow(2, -24));
            for (int i = 0; i < gradient.Length; i++)
            {
                double g = expected.Gradient[i];
                double tolerance = 2e-3 * Math.Abs(g) + rounding * expected.Scale[i] + 1e-12;
                Near(g, gradient[i], tolerance, $"gradient {i}");
            }
        }
        var (updated, sensitivity) = _optimizer.Step(_before, gradient, _learningRate);
        for (int i = 0; i < parameters.Length; i++)
        {
            double change = Math.Abs(updated[i] - _before[i]);
            double tolerance =
                2e-6 * Math.Abs(_before[i])
                + 1e-4 * change
                + 1e-6 * _learningRate
                + 4 * sensitivity[i];
            Near(
                updated[i],
                parameters[i],
                tolerance,
                $"parameter {i} after step {Steps} (from {_before[i]:R} with gradient {gradient[i]:R}, lr {_learningRate:R})"
            );
        }
        _epochLoss += expected.Loss;
        _epochWeight += batchWeight;
        for (int r = 0; r < _batch.Length; r++)
        {
            _epochScore.Add(
                _reference,
                expected.Logits[r],
                _target[_batch[r]],
                _task,
                MetricWeight(_batch[r])
            );
        }
    }

    /// <summary>The epoch's record against the reference: training loss and running metric, or validation loss and metric.</summary>
    public void Epoch(EpochRecord record, ReadOnlySpan<float> parameters)
    {
        if (Overflowed || Diverging)
        {
            return;
        }
        Near(
            _epochLoss / _epochWeight,
            record.TrainLoss,
            2e-4 * _epochLoss / _epochWeight + 1e-6,
            $"epoch {record.Epoch} training loss"
        );
        if (_validationRows.Length > 0)
        {
            var result = _reference.Run(
                [.. parameters.ToArray().Select(v => (double)v)],
                _inputs,
                _target,
                _weights,
                _validationRows,
                dropout: null
            );
            double weight = _validationRows.Sum(r => (double)(_weights?[r] ?? 1));
            Near(
                result.Loss / weight,
                record.ValidationLoss!.Value,
                2e-4 * result.Loss / weight + 1e-6,
                $"epoch {record.Epoch} validation loss"
            );
            var score = new Score();
            for (int r = 0; r < _validationRows.Length; r++)
            {
                score.Add(
                    _reference,
                    result.Logits[r],
                    _target[_validationRows[r]],
                    _task,
                    MetricWeight(_validationRows[r])
                );
            }
            score.AssertMatches(record.Metric, $"epoch {record.Epoch} validation metric");
        }
        else
        {
            Assert.Null(record.ValidationLoss);
            _epochScore.AssertMatches(
                record.Metric,
                $"epoch {record.Epoch} running training metric"
            );
        }
        (_epochLoss, _epochWeight) = (0, 0);
        _epochScore.Clear();
    }

    private static float TensorSum(ReadOnlySpan<float> values)
    {
        float sum = 0;
        foreach (float v in values)
        {
            sum += v * 0; // NaN or ±∞ anywhere makes the sum NaN
        }
        return sum;
    }

    /// <summary>Inverted dropout's masks of this step, drawn as documented: one generator per step, layer by layer, row by row, unit by unit.</summary>
    private double[][] Masks()
    {
        var rng = Rng.For(_settings.Seed, RngStream.Dropout, _stepsBefore);
        double kept = 1 / (1 - (double)_settings.Dropout);
        var masks = new double[_widths.Length - 2][];
        for (int l = 0; l < masks.Length; l++)
        {
            masks[l] = new double[_batch.Length * _widths[l + 1]];
            for (int i = 0; i < masks[l].Length; i++)
            {
                masks[l][i] = rng.NextDouble() < _settings.Dropout ? 0 : kept;
            }
        }
        return masks;
    }

    private static void Near(double expected, double actual, double tolerance, string what)
    {
        if (!(Math.Abs(expected - actual) <= tolerance))
        {
            throw new Xunit.Sdk.XunitException(
                $"{what}: {actual:R}, the reference gives {expected:R} (tolerance {tolerance:G3})"
            );
        }
    }

    private double MetricWeight(int row) => _metricWeights?[row] ?? 1;

    /// <summary>Accuracy or R² from logits and targets (rows weighted by their sample weights), with the rows whose class float rounding could flip counted apart.</summary>
    private sealed class Score
    {
        private double _rows,
            _correct,
            _undecided,
            _sum,
            _sumSquares,
            _squaredError;
        private TaskKind _task;

        public void Add(
            ReferenceNetwork reference,
            double[] logits,
            double target,
            TaskKind task,
            double weight
        )
        {
            _task = task;
            _rows += weight;
            if (task == TaskKind.Regression)
            {
                _sum += weight * target;
                _sumSquares += weight * target * target;
                _squaredError += weight * (logits[0] - target) * (logits[0] - target);
            }
            else if (reference.Undecided(logits))
            {
                _undecided += weight;
            }
            else if (reference.PredictedClass(logits) == (int)target)
            {
                _correct += weight;
            }
        }

        public void AssertMatches(double actual, string what)
        {
            if (_task == TaskKind.Regression)
            {
                double total = _sumSquares - _sum * _sum / _rows;
                double r2 = total > 0 ? 1 - _squaredError / total : 0;
                Near(
                    r2,
                    actual,
                    1e-4 * Math.Max(1, Math.Abs(r2))
                        + 1e-4 * _squaredError / Math.Max(total, 1e-300),
                    what
                );
                return;
            }
            double low = _correct / _rows;
            double high = (_correct + _undecided) / _rows;
            if (!(actual >= low - 1e-12 && actual <= high + 1e-12))
            {
                throw new Xunit.Sdk.XunitException(
                    $"{what}: {actual:R}, the reference gives {low:R}…{high:R}"
                );
            }
        }

        public void Clear() =>
            _rows = _correct = _undecided = _sum = _sumSquares = _squaredError = 0;
    }
}
