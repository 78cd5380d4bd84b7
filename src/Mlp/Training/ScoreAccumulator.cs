using System.Runtime.CompilerServices;
using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// Running accuracy (classification) or R² (regression) from logits and targets, with no
/// output head: a positive logit is the positive class, the largest logit the predicted
/// class, and R² does not depend on the target's standardization. Rows count with their
/// --sample-weight when given.
/// </summary>
internal sealed class ScoreAccumulator(TaskKind task)
{
    private double _rows;
    private double _correct;
    private double _sum,
        _sumSquares,
        _squaredError;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> targets,
        int width,
        ReadOnlySpan<float> weights = default
    )
    {
        for (int r = 0; r < targets.Length; r++)
        {
            var row = logits.Slice(r * width, width);
            double w = weights.IsEmpty ? 1 : weights[r];
            if (task == TaskKind.Regression)
            {
                double y = targets[r];
                _sum += w * y;
                _sumSquares += w * y * y;
                _squaredError += w * (row[0] - y) * (row[0] - y);
            }
            else if (PredictedClass(row) == (int)targets[r])
            {
                _correct += w;
            }
            _rows += w;
        }
    }

    public double Score()
    {
        if (task != TaskKind.Regression)
        {
            return _correct / _rows;
        }
        double total = _sumSquares - _sum * _sum / _rows;
        return total > 0 ? 1 - _squaredError / total : 0;
    }

    private int PredictedClass(ReadOnlySpan<float> logits) =>
        task == TaskKind.Binary
            ? (logits[0] >= 0 ? 1 : 0)
            : Scoring.PredictedClass(task, logits, 0.5f);
}
