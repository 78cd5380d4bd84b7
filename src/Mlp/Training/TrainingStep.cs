using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// One optimizer step on a mini-batch: gather the rows into contiguous buffers, forward,
/// loss and its gradient, backward, update. A large enough batch is cut into a fixed number
/// of row chunks (<see cref="ChunkCount(int, Network{float})"/>, from the batch size and the network alone, never
/// the thread count) that run on the worker threads, each through the whole network into
/// its own gradient buffer; the chunks' gradients are then added in chunk order, so the
/// result is the same on any number of threads. Every buffer is sized once here, so a step
/// allocates nothing.
/// </summary>
internal sealed class TrainingStep
{
    /// <summary>
    /// Rows a chunk has at least, and at least as many as the widest layer: with fewer, each
    /// chunk's weight gradient (a sum over its rows) costs more to write and add up than the
    /// split saves (measured on 784-256-128-10 with 64-row chunks).
    /// </summary>
    public const int MinChunkRows = 64;

    /// <summary>The most chunks a batch is cut into.</summary>
    public const int MaxChunks = 2;

    /// <summary>Multiply-adds per step below which a batch is not cut (a hand-off costs a few µs).</summary>
    private const long MinChunkedWork = 1 << 16;

    /// <summary>
    /// The same for networks narrow enough for <see cref="FeatureMajorPass{T}"/>, whose rows cost
    /// less: measured on 5-10-1 (bench `layout`), two chunks on two threads against one thread
    /// were level at 1,000 rows (71,000 multiply-adds), 1.2× faster at 2,000 and 1.5× at 4,000.
    /// </summary>
    private const long MinChunkedFeatureMajorWork = 1 << 17;

    private readonly Network<float> _network;
    private readonly TaskKind _task;
    private readonly float _smoothing;
    private readonly Optimizer _optimizer;
    private readonly float[] _inputs; // (rows, inputs) of the batches that go row-major
    private readonly float[] _targets; // (batch)
    private readonly int[] _batchRows; // the batch's data rows, for feature-major chunks to gather
    private float[] _data = [];
    private int _gatheredRows; // how many rows of _batchRows the feature-major chunks hold
    private bool _gatherNow;
    private readonly Chunks _chunks;
    private readonly DropoutMasks<float>? _dropout;
    private readonly long _seed;

    // Per data row: the loss's weights (sample × class) and the metric's (sample), or null;
    // and the batch's, gathered each step.
    private float[]? _lossWeights;
    private float[]? _metricWeights;
    private readonly float[] _batchLossWeights;
    private readonly float[] _batchMetricWeights;
    private float _batchWeight;

    public TrainingStep(
        Network<float> network,
        TrainingSettings settings,
        TaskKind task,
        int batchSize,
        float[]? lossWeights = null,
        float[]? metricWeights = null
    )
    {
        _lossWeights = lossWeights;
        _metricWeights = metricWeights;
        _batchLossWeights = new float[lossWeights is null ? 0 : batchSize];
        _batchMetricWeights = new float[metricWeights is null ? 0 : batchSize];
        _network = network;
        _task = task;
        _smoothing = settings.LabelSmoothing ?? 0;
        _seed = settings.Seed;
        _dropout =
            settings.Dropout > 0
                ? new DropoutMasks<float>(network, batchSize, settings.Dropout)
                : null;
        Workspace = new Workspace<float>(network, batchSize, dropout: _dropout is not null);
        _optimizer = new Optimizer(settings, network.Parameters.Length);
        // A feature-major network gathers its batches into its chunks' own buffers; only a batch
        // too short for them goes row-major.
        bool featureMajor = _dropout is null && FeatureMajorPass<float>.Fits(network);
        int rowMajorRows = featureMajor
            ? Math.Min(batchSize, FeatureMajorPass<float>.MinRows - 1)
            : batchSize;
        _inputs = new float[rowMajorRows * network.InputCount];
        _targets = new float[batchSize];
        _batchRows = new int[batchSize];
        int chunks = ChunkCount(batchSize, network);
        _chunks = new Chunks(
            this,
            chunks,
            chunks == 1 ? batchSize : ChunkCapacity(batchSize, network),
            featureMajor
        );
    }

    /// <summary>
    /// Steps from here on read rows of other arrays, or arrays that now hold other rows (a
    /// streamed window): nothing gathered before is reused, and the rows' weights are these
    /// (given as they were at construction: both null, or both arrays).
    /// </summary>
    public void NewRows(float[]? lossWeights, float[]? metricWeights)
    {
        if (
            (lossWeights is null) != (_lossWeights is null)
            || (metricWeights is null) != (_metricWeights is null)
        )
        {
            throw new ArgumentException("the rows' weights must be given as at construction");
        }
        (_lossWeights, _metricWeights) = (lossWeights, metricWeights);
        _data = [];
    }

    /// <summary>A full batch's buffers (also used for validation passes).</summary>
    public Workspace<float> Workspace { get; }

    /// <summary>The last step's gradient (all chunks added).</summary>
    internal ReadOnlySpan<float> LastGradient => _chunks.Gradients;

    /// <summary>Steps taken so far.</summary>
    public long Count => _optimizer.Steps;

    public Optimizer Optimizer => _optimizer;

    /// <summary>The learning rate of the coming steps.</summary>
    public float LearningRate
    {
        get => _optimizer.LearningRate;
        set => _optimizer.LearningRate = value;
    }

    /// <summary>How many chunks a batch of <paramref name="rows"/> is cut into: a power of two.</summary>
    public static int ChunkCount(int rows, Network<float> network) =>
        ChunkCount(rows, network.Parameters.Length, network.MaxWidth);

    /// <summary>
    /// The most rows one chunk holds over every batch of up to <paramref name="batchSize"/> rows.
    /// A shorter batch (an epoch's last) may be cut into fewer chunks, each longer than the
    /// full batch's: 200 rows in two chunks of 100, but 131 rows in one chunk of 131.
    /// </summary>
    internal static int ChunkCapacity(int batchSize, Network<float> network)
    {
        int capacity = 0;
        for (int rows = batchSize; rows >= 1; rows--)
        {
            int chunks = ChunkCount(rows, network);
            capacity = Math.Max(capacity, (rows + chunks - 1) / chunks);
            if (chunks == 1)
            {
                break; // fewer rows are never cut into more chunks
            }
        }
        return capacity;
    }

    private static int ChunkCount(int rows, int parameters, int maxWidth)
    {
        long work = (long)rows * parameters;
        long minWork =
            maxWidth <= FeatureMajorPass<float>.MaxWidth
                ? MinChunkedFeatureMajorWork
                : MinChunkedWork;
        int minRows = Math.Max(MinChunkRows, maxWidth);
        int chunks = 1;
        while (chunks < MaxChunks && rows / (chunks * 2) >= minRows && work >= minWork)
        {
            chunks *= 2;
        }
        return chunks;
    }

    /// <summary>
    /// Trains on the given rows of <paramref name="data"/> (rows, inputs); returns the batch's
    /// summed loss before the update (weighted: Σ w·loss, the gradient that of Σ w·loss / Σ w).
    /// The same array must hold the same values from step to step: a batch of the same rows as
    /// the last one may reuse what was gathered from it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Run(float[] data, float[] target, ReadOnlySpan<int> batch, ScoreAccumulator? seen)
    {
        int rows = batch.Length;
        var network = _network;
        if (_chunks.Plan(rows))
        {
            // A full batch is the same rows every step: its chunks keep them.
            bool same =
                ReferenceEquals(data, _data)
                && rows == _gatheredRows
                && batch.SequenceEqual(_batchRows.AsSpan(0, rows));
            _data = data;
            batch.CopyTo(_batchRows);
            _gatheredRows = rows;
            _gatherNow = !same;
        }
        else
        {
            BatchGather.Rows(
                data,
                network.InputCount,
                batch,
                _inputs.AsSpan(0, rows * network.InputCount)
            );
        }
        BatchGather.Values(target, batch, _targets.AsSpan(0, rows));
        if (_lossWeights is not null)
        {
            BatchGather.Values(_lossWeights, batch, _batchLossWeights.AsSpan(0, rows));
            double total = 0;
            foreach (float w in _batchLossWeights.AsSpan(0, rows))
            {
                total += w;
            }
            _batchWeight = (float)total;
        }
        if (_metricWeights is not null)
        {
            BatchGather.Values(_metricWeights, batch, _batchMetricWeights.AsSpan(0, rows));
        }
        _dropout?.Draw(Rng.For(_seed, RngStream.Dropout, _optimizer.Steps), rows);
        double loss = _chunks.Run(seen);
        _optimizer.Step(network, _chunks.Gradients);
        return loss;
    }

    /// <summary>The chunks of a batch as parallel parts, each with its own buffers.</summary>
    private sealed class Chunks : IParallelJob
    {
        private readonly TrainingStep _step;
        private readonly Workspace<float>[] _workspaces;
        private readonly FeatureMajorPass<float>[]? _featureMajor;
        private readonly float[][] _gradients;
        private readonly double[] _losses;
        private readonly GradientSum _sum;
        private readonly int _parameters;
        private readonly int _maxWidth;
        private int _rows;
        private int _count;
        private bool _useFeatureMajor;

        public Chunks(TrainingStep step, int chunks, int chunkCapacity, bool featureMajor)
        {
            _step = step;
            int parameters = step._network.Parameters.Length;
            _parameters = parameters;
            _maxWidth = step._network.MaxWidth;
            _workspaces = Enumerable
                .Range(0, chunks)
                .Select(c =>
                    chunks == 1
                        ? step.Workspace
                        : new Workspace<float>(
                            step._network,
                            chunkCapacity,
                            dropout: step._dropout is not null
                        )
                )
                .ToArray();
            _featureMajor = featureMajor
                ? _workspaces.Select(w => new FeatureMajorPass<float>(step._network, w)).ToArray()
                : null;
            _gradients = Enumerable.Range(0, chunks).Select(_ => new float[parameters]).ToArray();
            _losses = new double[chunks];
            _sum = new GradientSum(_gradients);
        }

        /// <summary>The batch's gradient after <see cref="Run"/>.</summary>
        public float[] Gradients => _gradients[0];

        /// <summary>
        /// Cuts the next batch of <paramref name="rows"/> into chunks; true when they go through
        /// <see cref="FeatureMajorPass{T}"/> (every chunk, the shortest included, is long enough).
        /// </summary>
        public bool Plan(int rows)
        {
            _rows = rows;
            _count = ChunkCount(rows, _parameters, _maxWidth);
            _useFeatureMajor =
                _featureMajor is not null
                && FeatureMajorPass<float>.Suits(_step._network, rows / _count);
            return _useFeatureMajor;
        }

        /// <summary>The batch <see cref="Plan"/> cut, forward and backward; returns its summed loss.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public double Run(ScoreAccumulator? seen)
        {
            if (_count == 1)
            {
                Execute(0);
            }
            else
            {
                WorkerPool.Shared.Run(this, _count);
            }
            double loss = 0;
            int outputs = _step._network.OutputCount;
            for (int c = 0; c < _count; c++)
            {
                var (start, length) = Range(c);
                int last = _step._network.Layers.Length - 1;
                seen?.Add(
                    _useFeatureMajor
                        ? _featureMajor![c].Logits(length)
                        : _workspaces[c].Activation(last, length),
                    _step._targets.AsSpan(start, length),
                    outputs,
                    _step._metricWeights is null
                        ? default
                        : _step._batchMetricWeights.AsSpan(start, length)
                );
                loss += _losses[c];
            }
            _sum.Run(_count);
            return loss;
        }

        private (int Start, int Length) Range(int chunk)
        {
            int start = (int)((long)_rows * chunk / _count);
            int end = (int)((long)_rows * (chunk + 1) / _count);
            return (start, end - start);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int part)
        {
            var network = _step._network;
            var (start, rows) = Range(part);
            if (_useFeatureMajor)
            {
                var pass = _featureMajor![part];
                if (_step._gatherNow)
                {
                    BatchGather.Columns(
                        _step._data,
                        network.InputCount,
                        _step._batchRows.AsSpan(start, rows),
                        pass.Inputs(rows)
                    );
                }
                _losses[part] = Loss(pass.Forward(rows), pass.OutputGradient(rows), start, rows);
                pass.Backward(rows, _gradients[part]);
                return;
            }
            var workspace = _workspaces[part];
            var inputs = _step._inputs.AsSpan(
                start * network.InputCount,
                rows * network.InputCount
            );
            var logits = network.Forward(inputs, rows, workspace, _step._dropout, start);
            _losses[part] = Loss(logits, workspace.OutputGradient(rows), start, rows);
            network.Backward(
                inputs,
                rows,
                workspace,
                _gradients[part],
                inputGradient: false,
                _step._dropout,
                start
            );
        }

        /// <summary>The chunk's summed loss; writes ∂loss/∂logits, scaled for the whole batch.</summary>
        private double Loss(
            ReadOnlySpan<float> logits,
            Span<float> gradient,
            int start,
            int rows
        ) =>
            _step._lossWeights is null
                ? LossFunction.Compute(
                    _step._task,
                    logits,
                    _step._targets.AsSpan(start, rows),
                    gradient,
                    _step._network.OutputCount,
                    1f / _rows,
                    _step._smoothing
                )
                : LossFunction.ComputeWeighted(
                    _step._task,
                    logits,
                    _step._targets.AsSpan(start, rows),
                    _step._batchLossWeights.AsSpan(start, rows),
                    gradient,
                    _step._network.OutputCount,
                    _step._batchWeight > 0 ? 1f / _step._batchWeight : 0f,
                    _step._smoothing
                );
    }

    /// <summary>gradients[0] += gradients[1] + … in chunk order, split over parameter ranges when there are many.</summary>
    private sealed class GradientSum(float[][] gradients) : IParallelJob
    {
        private const int RangeLength = 1 << 14;
        private int _chunks;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int chunks)
        {
            if (chunks == 1)
            {
                return;
            }
            _chunks = chunks;
            int parts = (gradients[0].Length + RangeLength - 1) / RangeLength;
            if (parts == 1)
            {
                Execute(0);
            }
            else
            {
                WorkerPool.Shared.Run(this, parts);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int part)
        {
            int start = part * RangeLength;
            var total = gradients[0]
                .AsSpan(start, Math.Min(RangeLength, gradients[0].Length - start));
            for (int c = 1; c < _chunks; c++)
            {
                TensorPrimitives.Add(total, gradients[c].AsSpan(start, total.Length), total);
            }
        }
    }
}
