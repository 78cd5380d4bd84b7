using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using Mlp.Data;

namespace Mlp.Cli.Commands;

/// <summary>
/// Rows parsed on threads of their own, a chunk at a time, handed over in file order. The file
/// is read as consecutive segments (a plain CSV's pieces, cut at record boundaries every so many
/// rows; or the whole input as one segment), dealt to the workers in turn: worker w parses
/// segments w, w + W, w + 2W…, so while the caller takes one segment's chunks the other workers
/// parse the next ones. Each worker keeps at most <c>inFlight</c> chunks (at least a segment's,
/// so that no worker waits on another's segment), so memory stays constant. A segment's failure
/// surfaces from <see cref="Ready"/> after every chunk before it; disposing stops the parsing (a
/// closed output, an interruption) without waiting for a read that may never end.
/// </summary>
internal sealed class RowChunks : IDisposable
{
    /// <summary>One chunk: inputs (rows, InputCount) in source units, and each row's kept fields; 0 rows ends a segment.</summary>
    public sealed class Chunk(int capacity, int width, Worker owner)
    {
        public double[] Inputs { get; } = new double[capacity * width];
        public List<string> Kept { get; } = [];
        public int Rows { get; set; }
        internal Worker Owner { get; } = owner;
    }

    /// <summary>One parsing thread's queues.</summary>
    public sealed class Worker
    {
        internal BlockingCollection<Chunk> Free { get; } = [];
        internal BlockingCollection<Chunk> Full { get; } = [];
        internal ExceptionDispatchInfo? Failure { get; set; }
    }

    /// <summary>Segment j's reader, and whether this class disposes it; null past the last segment.</summary>
    public delegate (IFeatureRows Reader, bool Owned)? SegmentReader(int segment);

    private readonly Worker[] _workers;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _cancel;

    /// <summary>Without threads (a small file, standard input): the reader and the one chunk it fills.</summary>
    private readonly IFeatureRows? _inline;
    private readonly Chunk? _inlineChunk;
    private readonly int[]? _keptColumns;
    private readonly int _capacity;

    /// <param name="openSegment">Opens segment j, on its worker's thread (segment 0: the reader already open, whose header was read).</param>
    /// <param name="workerCount">Threads parsing at once; 0 parses segment 0 on the caller's thread, chunk by chunk as it asks (no thread to start: small inputs start sooner).</param>
    public RowChunks(
        SegmentReader openSegment,
        int workerCount,
        int width,
        int capacity,
        int inFlight,
        int[]? keptColumns,
        CancellationToken cancel
    )
    {
        _cancel = cancel;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        _workers = new Worker[workerCount];
        _keptColumns = keptColumns;
        _capacity = capacity;
        if (workerCount == 0)
        {
            _inline = openSegment(0)!.Value.Reader;
            _inlineChunk = new Chunk(capacity, width, null!);
            return;
        }
        StartWorkers(openSegment, width, capacity, inFlight, keptColumns);
    }

    /// <summary>A thread per worker (kept apart from the constructor: a small input never loads the threading types).</summary>
    private void StartWorkers(
        SegmentReader openSegment,
        int width,
        int capacity,
        int inFlight,
        int[]? keptColumns
    )
    {
        var stop = _stop.Token;
        for (int w = 0; w < _workers.Length; w++)
        {
            var worker = _workers[w] = new Worker();
            for (int i = 0; i < inFlight; i++)
            {
                worker.Free.Add(new Chunk(capacity, width, worker));
            }
            int index = w;
            var thread = new Thread(() =>
                Parse(worker, index, _workers.Length, openSegment, capacity, keptColumns, stop)
            )
            {
                IsBackground = true,
                Name = $"mlp parser {index}",
            };
            thread.Start();
        }
    }

    private static void Parse(
        Worker worker,
        int index,
        int workers,
        SegmentReader openSegment,
        int capacity,
        int[]? keptColumns,
        CancellationToken stop
    )
    {
        try
        {
            for (
                int segment = index;
                openSegment(segment) is var (reader, owned);
                segment += workers
            )
            {
                try
                {
                    while (true)
                    {
                        var chunk = worker.Free.Take(stop);
                        Fill(chunk, reader, capacity, keptColumns);
                        worker.Full.Add(chunk, stop);
                        if (chunk.Rows == 0)
                        {
                            break;
                        }
                    }
                }
                finally
                {
                    if (owned)
                    {
                        reader.Dispose();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        catch (Exception e)
        {
            worker.Failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            worker.Full.CompleteAdding();
        }
    }

    /// <summary>Reads the next rows into <paramref name="chunk"/>, with each row's kept fields; 0 rows at the end.</summary>
    private static void Fill(Chunk chunk, IFeatureRows reader, int capacity, int[]? keptColumns)
    {
        chunk.Kept.Clear();
        chunk.Rows = reader.Read(
            chunk.Inputs,
            default,
            capacity,
            keptColumns is null ? null : () => chunk.Kept.Add(Fields(reader, keptColumns))
        );
    }

    private static string Fields(IFeatureRows reader, int[] columns)
    {
        var fields = new StringBuilder();
        reader.AppendFields(columns, fields);
        return fields.ToString();
    }

    /// <summary>The parsed chunks in file order; give each back with <see cref="Release"/> once used.</summary>
    public IEnumerable<Chunk> Ready()
    {
        if (_inline is { } reader)
        {
            var chunk = _inlineChunk!;
            while (true)
            {
                _cancel.ThrowIfCancellationRequested();
                Fill(chunk, reader, _capacity, _keptColumns);
                if (chunk.Rows == 0)
                {
                    yield break;
                }
                yield return chunk;
            }
        }
        for (int segment = 0; ; segment++)
        {
            var worker = _workers[segment % _workers.Length];
            bool ended = false;
            foreach (var chunk in worker.Full.GetConsumingEnumerable(_cancel))
            {
                if (chunk.Rows == 0)
                {
                    worker.Free.Add(chunk);
                    ended = true;
                    break;
                }
                yield return chunk;
            }
            if (!ended)
            {
                // The worker stopped before its segment's end: there are no more segments, or it failed.
                _cancel.ThrowIfCancellationRequested();
                worker.Failure?.Throw();
                yield break;
            }
        }
    }

    public void Release(Chunk chunk)
    {
        if (_inline is null)
        {
            chunk.Owner.Free.Add(chunk);
        }
    }

    public void Dispose() => _stop.Cancel();
}
