using System.Runtime.CompilerServices;
using Mlp.Cli.Metrics;
using Mlp.Cli.Model;

namespace Mlp.Cli.Training;

/// <summary>
/// Running accuracy (classification) or R² (regression) from logits and targets, with no
/// output head: a positive logit is the positive class, the largest logit the predicted
/// class, and R² does not depend on the target's standardization.
/// </summary>
internal sealed class ScoreAccumulator(TaskKind task)
{
    private long _rows;
    private long _correct;
    private double _sum,
        _sumSquares,
        _squaredError;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int width)
    {
        for (int r = 0; r < targets.Length; r++)
        {
            var row = logits.Slice(r * width, width);
            if (task == TaskKind.Regression)
            {
                double y = targets[r];
                _sum += y;
                _sumSquares += y * y;
                _squaredError += (row[0] - y) * (row[0] - y);
            }
            else if (PredictedClass(row) == (int)targets[r])
            {
                _correct++;
            }
        }
        _rows += targets.Length;
    }

    public double Score()
    {
        if (task != TaskKind.Regression)
        {
            return (double)_correct / _rows;
        }
        double total = _sumSquares - _sum * _sum / _rows;
        return total > 0 ? 1 - _squaredError / total : 0;
    }

    private int PredictedClass(ReadOnlySpan<float> logits) =>
        task == TaskKind.Binary
            ? (logits[0] >= 0 ? 1 : 0)
            : Scoring.PredictedClass(task, logits, 0.5f);
}
