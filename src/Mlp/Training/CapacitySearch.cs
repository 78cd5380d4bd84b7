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
        long steps = 0;
        double seconds = 0;
        var (best, candidates) = Keep(
            AutoCapacity.Candidates(data.Rows - data.ValidationRows, data.Schema.Task),
            hidden =>
            {
                var search = EpochSearch.Choose(data, settings with { Hidden = hidden }, train);
                steps += search.Steps;
                seconds += search.TrainSeconds;
                return search;
            },
            search => search.Choice.ValidationLoss
        );
        return (best with { Steps = steps, TrainSeconds = seconds }, candidates);
    }

    /// <summary>
    /// Runs each shape in turn and keeps the run whose held-out loss is <see cref="Lower"/>, the
    /// first on a tie; a run without a loss (no rows held out) ends the search, as the next
    /// could not be compared with it.
    /// </summary>
    public static (T Best, CapacityCandidate[] Candidates) Keep<T>(
        int[][] shapes,
        Func<int[], T> run,
        Func<T, double?> loss
    )
        where T : class
    {
        T? best = null;
        var candidates = new List<CapacityCandidate>();
        foreach (int[] hidden in shapes)
        {
            var outcome = run(hidden);
            double? held = loss(outcome);
            candidates.Add(new CapacityCandidate(hidden, held));
            if (best is null || Lower(held, loss(best)))
            {
                best = outcome;
            }
            if (held is null)
            {
                break;
            }
        }
        return (best!, [.. candidates]);
    }

    /// <summary>Whether <paramref name="loss"/> beats <paramref name="best"/>: a diverged (NaN) search loses to any finite loss.</summary>
    public static bool Lower(double? loss, double? best) =>
        loss is double value
        && !double.IsNaN(value)
        && (best is not double b || double.IsNaN(b) || value < b);
}
