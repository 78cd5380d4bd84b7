using Mlp.Data;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>One candidate shape of --hidden auto and the held-out loss its epoch search reached (null where none could be held out).</summary>
internal sealed record CapacityCandidate(int[] Hidden, double? ValidationLoss);

/// <summary>
/// --hidden auto under --epochs auto: the epoch search runs once per candidate shape
/// (<see cref="AutoCapacity.Candidates"/>) on the same held-out rows, and the shape with the
/// lower validation loss is kept, with its epoch count. The searches' steps and seconds add up.
/// </summary>
internal static class CapacitySearch
{
    public static (EpochSearch.Outcome Search, CapacityCandidate[] Candidates) Choose(
        Dataset data,
        TrainingSettings settings,
        EpochSearch.Pass train
    )
    {
        var candidates = new List<CapacityCandidate>();
        EpochSearch.Outcome? best = null;
        long steps = 0;
        double seconds = 0;
        foreach (
            int[] hidden in AutoCapacity.Candidates(
                data.Rows - data.ValidationRows,
                data.Schema.Task
            )
        )
        {
            var search = EpochSearch.Choose(data, settings with { Hidden = hidden }, train);
            steps += search.Steps;
            seconds += search.TrainSeconds;
            double? loss = search.Choice.ValidationLoss;
            candidates.Add(new CapacityCandidate(hidden, loss));
            if (best is null || Lower(loss, best.Choice.ValidationLoss))
            {
                best = search;
            }
            if (loss is null)
            {
                break;
            }
        }
        return (best! with { Steps = steps, TrainSeconds = seconds }, [.. candidates]);
    }

    /// <summary>Whether <paramref name="loss"/> beats <paramref name="best"/>: a diverged (NaN) search loses to any finite loss.</summary>
    public static bool Lower(double? loss, double? best) =>
        loss is double value
        && !double.IsNaN(value)
        && (best is not double b || double.IsNaN(b) || value < b);
}
