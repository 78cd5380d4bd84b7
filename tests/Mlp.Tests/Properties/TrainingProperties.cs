using Mlp.Cli;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests.Properties;

[CollectionDefinition(nameof(TrainingProperties), DisableParallelization = true)]
public class TrainingPropertiesCollection;

/// <summary>
/// Random training problems (<see cref="TrainingCase"/>) through the trainer: it never throws,
/// every step and every epoch's figures equal the independent double-precision reference
/// whichever fast path the shape chose, and the parameters are the same bits on 1, 2 and 3
/// threads. Alone in its collection, since the thread count is process-wide.
/// </summary>
[Collection(nameof(TrainingProperties))]
public class TrainingProperties
{
    private const int Cases = 3000;

    [Fact]
    public void Every_step_matches_the_reference_and_threads_do_not_change_the_bits() =>
        PropertyRun.Check(
            "training-steps",
            Cases,
            TrainingCase.Draw,
            c => c.Shrink(),
            StepsMatchTheReference
        );

    internal static void StepsMatchTheReference(TrainingCase drawn)
    {
        using var folder = new TempFolder();
        string path = folder.Write("data.csv", drawn.Csv());
        var data = DatasetLoader.Load(path, DataOptions(drawn));
        var settings = Settings(drawn);
        int threads = WorkerPool.Threads;
        try
        {
            WorkerPool.Threads = 1;
            var check = new StepCheck(
                data.Schema.InputCount,
                data.Schema.OutputCount,
                settings,
                data.Schema.Task
            );
            TrainingResult checkedRun;
            try
            {
                checkedRun = Trainer.Train(
                    data.Copy(),
                    settings,
                    onEpochModel: (record, model) => check.Epoch(record, model.Network.Parameters),
                    observer: check
                );
            }
            catch (TrainingDivergedException) when (check.Overflowed || check.Diverging)
            {
                // The user's error for a learning rate too high, not a failure: a mean batch loss
                // of a million on standardized targets has diverged, even where float's range
                // is first left by the validation pass.
                return;
            }
            Assert.True(check.Steps > 0);
            Assert.False(
                check.Overflowed,
                "a step's loss or gradient left float's range, but training went on"
            );
            WorkerPool.Threads = drawn.Threads;
            var threaded = Trainer.Train(data.Copy(), settings);
            Assert.True(
                System
                    .Runtime.InteropServices.MemoryMarshal.AsBytes(
                        checkedRun.Model.Network.Parameters.AsSpan()
                    )
                    .SequenceEqual(
                        System.Runtime.InteropServices.MemoryMarshal.AsBytes(
                            threaded.Model.Network.Parameters.AsSpan()
                        )
                    ),
                $"the parameters differ between 1 and {drawn.Threads} threads"
            );
        }
        finally
        {
            WorkerPool.Threads = threads;
        }
    }

    internal static DataOptions DataOptions(TrainingCase drawn) =>
        new()
        {
            Task = drawn.Task,
            Missing = MissingValues.Parse(drawn.Missing)!.Value,
            MissingCategory = drawn.MissingCategory,
            SampleWeight = drawn.SampleWeights ? "w" : null,
        };

    internal static TrainingSettings Settings(TrainingCase drawn) =>
        new()
        {
            Hidden = drawn.Hidden,
            Activation = drawn.Activation,
            Optimizer = drawn.Optimizer,
            LearningRate = drawn.LearningRate,
            L2 = drawn.L2,
            Epochs = drawn.Epochs,
            BatchSize = drawn.BatchSize,
            Validation = drawn.Validation,
            Init = drawn.Init,
            Dropout = drawn.Dropout,
            ClassWeight = drawn.Balanced ? "balanced" : null,
            Missing = drawn.Missing,
            MissingCategory = drawn.MissingCategory,
            SampleWeight = drawn.SampleWeights ? "w" : null,
            Standardize = drawn.Standardize,
            Schedule = drawn.Schedule,
        };
}
