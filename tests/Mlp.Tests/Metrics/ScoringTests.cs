using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Tests.Metrics;

public class ScoringTests
{
    [Theory]
    [InlineData("binary", 2)]
    [InlineData("multiclass", 4)]
    [InlineData("regression", 0)]
    public void A_single_metric_equals_the_same_metric_of_the_full_report(
        string taskName,
        int classes
    )
    {
        var task = TaskNames.Parse(taskName)!.Value;
        var random = new Random(3);
        int rows = 200;
        int width = task == TaskKind.Multiclass ? classes : 1;
        var outputs = new float[rows * width];
        var targets = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            if (task == TaskKind.Multiclass)
            {
                var p = Enumerable
                    .Range(0, classes)
                    .Select(_ => random.NextDouble() + 0.01)
                    .ToArray();
                for (int c = 0; c < classes; c++)
                {
                    outputs[r * width + c] = (float)(p[c] / p.Sum());
                }
                targets[r] = random.Next(classes);
            }
            else if (task == TaskKind.Binary)
            {
                outputs[r] = (float)random.NextDouble();
                targets[r] = random.Next(2);
            }
            else
            {
                targets[r] = (float)(random.NextDouble() * 10);
                outputs[r] = targets[r] + (float)(random.NextDouble() - 0.5);
            }
        }
        var all = Scoring.Compute(task, classes, outputs, targets);
        foreach (var (name, value) in all.Values)
        {
            Assert.Equal(
                value!.Value,
                Scoring.Single(task, classes, outputs, targets, name)!.Value,
                12
            );
        }
        Assert.Null(
            Scoring.Single(
                task,
                classes,
                outputs,
                targets,
                task == TaskKind.Regression ? "accuracy" : "r2"
            )
        );
    }
}
