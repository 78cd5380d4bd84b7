using Mlp.Data;
using Mlp.Data.Streaming;
using Mlp.Metrics;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

/// <summary>
/// What cross-validation trains and scores its folds on: the data in memory (folds of rows,
/// stratified for classes, trained several at once), or streamed from its cache (folds of
/// whole blocks, trained one at a time on every thread).
/// </summary>
internal abstract class FoldSource : IDisposable
{
    public abstract string File { get; }
    public abstract int Rows { get; }
    public abstract TaskKind Task { get; }

    /// <summary>Each fold's test rows.</summary>
    public abstract int[][] Tests { get; }

    /// <summary>How the folds were drawn, as the summary's first line says it (" (stratified)").</summary>
    public abstract string Kind { get; }

    public abstract int Concurrent(int threads);

    public abstract TrainingResult Train(int fold, Action<EpochRecord>? onEpoch);

    public abstract MetricSet Score(MlpModel model, int fold);

    /// <summary>The model of -o, trained on every row.</summary>
    public abstract MlpModel TrainAll();

    public virtual void Dispose() { }

    public static FoldSource InMemory(TrainRequest request, int folds, CliContext context)
    {
        var data = DatasetLoader.Load(
            request.DataPath,
            request.Data with
            {
                Dialect = context.Dialect,
            },
            context.StandardInput,
            warnings: context.Error,
            cancel: context.Cancel
        );
        OptionParsing.Check(
            folds <= data.Rows,
            $"--cv {folds} needs at least {folds} rows; the data has {data.Rows}"
        );
        return new Memory(request, data, folds, context.Cancel);
    }

    public static FoldSource Streamed(
        TrainRequest request,
        int folds,
        long budget,
        CliContext context
    )
    {
        var (data, _) = TrainRun.OpenStreamed(request, budget, context);
        try
        {
            return new Stream(request, data, folds, TrainRun.WindowBytes(budget), context.Cancel);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    private sealed class Memory(
        TrainRequest request,
        Dataset data,
        int folds,
        CancellationToken cancel
    ) : FoldSource
    {
        private readonly int[][] _tests = CrossValidation.Folds(
            data,
            folds,
            request.Settings.Seed,
            request.Settings.Stratify
        );

        public override string File => data.File;
        public override int Rows => data.Rows;
        public override TaskKind Task => data.Schema.Task;
        public override int[][] Tests => _tests;

        public override string Kind =>
            request.Settings.Stratify && Task != TaskKind.Regression ? " (stratified)" : "";

        public override int Concurrent(int threads) => threads;

        public override TrainingResult Train(int fold, Action<EpochRecord>? onEpoch) =>
            Trainer.Train(
                CrossValidation.Rows(data, CrossValidation.Complement(data.Rows, _tests[fold])),
                request.Settings,
                onEpoch,
                cancel,
                trackMetric: false
            );

        public override MetricSet Score(MlpModel model, int fold) =>
            CrossValidation.Score(model, data, _tests[fold]);

        public override MlpModel TrainAll() =>
            Trainer.Train(data, request.Settings, cancel: cancel, trackMetric: false).Model;
    }

    private sealed class Stream : FoldSource
    {
        private readonly TrainRequest _request;
        private readonly StreamedData _data;
        private readonly int[][] _blocks;
        private readonly long _windowBytes;
        private readonly CancellationToken _cancel;

        public Stream(
            TrainRequest request,
            StreamedData data,
            int folds,
            long windowBytes,
            CancellationToken cancel
        )
        {
            (_request, _data, _windowBytes, _cancel) = (request, data, windowBytes, cancel);
            _blocks = StreamedTrainer.Folds(data.Rows, folds, request.Settings.Seed);
            var split = new BlockSplit(data.Rows, 0, request.Settings.Seed);
            Tests =
            [
                .. _blocks.Select(blocks =>
                    blocks
                        .SelectMany(block =>
                            Enumerable.Range((int)split.FirstRow(block), split.RowsOf(block))
                        )
                        .ToArray()
                ),
            ];
        }

        public override string File => _data.File;
        public override int Rows => _data.Rows;
        public override TaskKind Task => _data.Schema.Task;
        public override int[][] Tests { get; }

        public override string Kind =>
            $" (streamed: folds of blocks of {BlockSplit.RowsPerBlock(_data.Rows)} rows)";

        public override int Concurrent(int threads) => 1;

        public override TrainingResult Train(int fold, Action<EpochRecord>? onEpoch) =>
            StreamedTrainer.Train(
                _data,
                _request.Settings,
                _windowBytes,
                onEpoch,
                _cancel,
                trackMetric: false,
                blocks:
                [
                    .. Enumerable
                        .Range(0, _blocks.Length)
                        .Where(f => f != fold)
                        .SelectMany(f => _blocks[f])
                        .Order(),
                ]
            );

        public override MetricSet Score(MlpModel model, int fold) =>
            StreamedTrainer.Score(model, _data, _blocks[fold], _windowBytes, _cancel);

        public override MlpModel TrainAll() =>
            StreamedTrainer
                .Train(_data, _request.Settings, _windowBytes, cancel: _cancel, trackMetric: false)
                .Model;

        public override void Dispose() => _data.Dispose();
    }
}
