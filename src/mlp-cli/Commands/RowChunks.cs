using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using Mlp.Data;

namespace Mlp.Cli.Commands;

/// <summary>
/// Rows parsed on threads of their own, a chunk at a time, handed over in file order. The file
/// may be read as several parts at once (its shards: contiguous, each starting at a multiple of
/// the chunk size, so the chunks are the ones one reader would give); each part keeps at most
/// <c>inFlight</c> chunks, so memory stays constant. A part's failure surfaces from
/// <see cref="Ready"/> after every chunk before it; disposing stops the parsing (a closed
/// output, an interruption) without waiting for a read that may never end.
/// </summary>
internal sealed class RowChunks : IDisposable
{
    /// <summary>One chunk: inputs (rows, InputCount) in source units, and each row's kept fields.</summary>
    public sealed class Chunk(int capacity, int width, Part owner)
    {
        public double[] Inputs { get; } = new double[capacity * width];
        public List<string> Kept { get; } = [];
        public int Rows { get; set; }
        internal Part Owner { get; } = owner;
    }

    /// <summary>One part of the file and its parser's queues.</summary>
    public sealed class Part
    {
        internal BlockingCollection<Chunk> Free { get; } = [];
        internal BlockingCollection<Chunk> Full { get; } = [];
        internal ExceptionDispatchInfo? Failure { get; set; }
    }

    private readonly Part[] _parts;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _cancel;

    /// <summary>Without threads (a small file, standard input): the reader and the one chunk it fills.</summary>
    private readonly IFeatureRows? _inline;
    private readonly Chunk? _inlineChunk;
    private readonly int[]? _keptColumns;
    private readonly int _capacity;

    /// <param name="first">The first part's reader, already open (its header was read).</param>
    /// <param name="openPart">Opens part i ≥ 1, on that part's thread.</param>
    /// <param name="partCount">Parts parsed at once; 0 parses on the caller's thread, chunk by chunk as it asks (no thread to start: small inputs start sooner).</param>
    public RowChunks(
        IFeatureRows first,
        Func<int, IFeatureRows> openPart,
        int partCount,
        int width,
        int capacity,
        int inFlight,
        int[]? keptColumns,
        CancellationToken cancel
    )
    {
        _cancel = cancel;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        _parts = new Part[partCount];
        _keptColumns = keptColumns;
        _capacity = capacity;
        if (partCount == 0)
        {
            _inline = first;
            _inlineChunk = new Chunk(capacity, width, null!);
            return;
        }
        StartParsers(first, openPart, width, capacity, inFlight, keptColumns);
    }

    /// <summary>A thread per part (kept apart from the constructor: a small input never loads the threading types).</summary>
    private void StartParsers(
        IFeatureRows first,
        Func<int, IFeatureRows> openPart,
        int width,
        int capacity,
        int inFlight,
        int[]? keptColumns
    )
    {
        var stop = _stop.Token;
        for (int p = 0; p < _parts.Length; p++)
        {
            var part = _parts[p] = new Part();
            for (int i = 0; i < inFlight; i++)
            {
                part.Free.Add(new Chunk(capacity, width, part));
            }
            int index = p;
            var thread = new Thread(() =>
                Parse(
                    part,
                    index == 0 ? () => first : () => openPart(index),
                    index > 0,
                    capacity,
                    keptColumns,
                    stop
                )
            )
            {
                IsBackground = true,
                Name = $"mlp parser {index}",
            };
            thread.Start();
        }
    }

    private static void Parse(
        Part part,
        Func<IFeatureRows> open,
        bool owned,
        int capacity,
        int[]? keptColumns,
        CancellationToken stop
    )
    {
        IFeatureRows? reader = null;
        try
        {
            reader = open();
            while (true)
            {
                var chunk = part.Free.Take(stop);
                Fill(chunk, reader, capacity, keptColumns);
                if (chunk.Rows == 0)
                {
                    break;
                }
                part.Full.Add(chunk, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        catch (Exception e)
        {
            part.Failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            part.Full.CompleteAdding();
            if (owned)
            {
                reader?.Dispose();
            }
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
        foreach (var part in _parts)
        {
            foreach (var chunk in part.Full.GetConsumingEnumerable(_cancel))
            {
                yield return chunk;
            }
            _cancel.ThrowIfCancellationRequested();
            part.Failure?.Throw();
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
