using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests.Training;

/// <summary>How --hidden auto compares two candidates' held-out losses.</summary>
public class CapacitySearchTests
{
    [Theory]
    [InlineData(0.5, 0.6, true)]
    [InlineData(0.6, 0.5, false)]
    [InlineData(0.5, 0.5, false)]
    [InlineData(0.5, double.NaN, true)]
    [InlineData(double.NaN, 0.5, false)]
    [InlineData(double.NaN, double.NaN, false)]
    public void A_candidate_replaces_the_best_only_with_a_strictly_lower_finite_loss(
        double loss,
        double best,
        bool lower
    ) => Assert.Equal(lower, CapacitySearch.Lower(loss, best));

    [Fact]
    public void A_missing_loss_never_wins_and_any_loss_beats_a_missing_best()
    {
        Assert.False(CapacitySearch.Lower(null, 0.5));
        Assert.False(CapacitySearch.Lower(null, null));
        Assert.True(CapacitySearch.Lower(0.5, null));
    }

    [Fact]
    public void Multiclass_tries_the_rows_width_then_the_wide_shape_and_other_tasks_the_rows_width()
    {
        int below = AutoCapacity.LargeRows - 1;
        Assert.Equal(
            [
                [128, 128],
                [256, 256],
            ],
            AutoCapacity.Candidates(below, TaskKind.Multiclass)
        );
        Assert.Equal(
            [
                [64, 64],
                [256, 256],
            ],
            AutoCapacity.Candidates(AutoCapacity.LargeRows, TaskKind.Multiclass)
        );
        Assert.Equal(
            [
                [128, 128],
            ],
            AutoCapacity.Candidates(below, TaskKind.Binary)
        );
        Assert.Equal(
            [
                [64, 64],
            ],
            AutoCapacity.Candidates(AutoCapacity.LargeRows, TaskKind.Regression)
        );
    }
}
