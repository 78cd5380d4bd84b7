using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using Mlp.Data;

namespace Mlp.Cli.Commands;

/// <summary>
/// Rows parsed on a thread of their own, a chunk at a time, handed over in file order: at most
/// <c>inFlight</c> chunks exist, so memory stays constant. The reader's failure surfaces from
/// <see cref="Ready"/> after the chunks before it; disposing stops the parsing (a closed output,
/// an interruption) without waiting for a read that may never end.
/// </summary>
internal sealed class RowChunks : IDisposable
{
    /// <summary>One chunk: inputs (rows, InputCount) in source units, and each row's kept fields.</summary>
    public sealed class Chunk(int capacity, int width)
    {
        public double[] Inputs { get; } = new double[capacity * width];
        public List<string> Kept { get; } = [];
        public int Rows { get; set; }
    }

    private readonly BlockingCollection<Chunk> _free = [];
    private readonly BlockingCollection<Chunk> _full = [];
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _cancel;
    private ExceptionDispatchInfo? _failure;

    public RowChunks(
        IFeatureRows reader,
        int width,
        int capacity,
        int inFlight,
        int[]? keptColumns,
        CancellationToken cancel
    )
    {
        _cancel = cancel;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        for (int i = 0; i < inFlight; i++)
        {
            _free.Add(new Chunk(capacity, width));
        }
        var stop = _stop.Token;
        var thread = new Thread(() => Parse(reader, capacity, keptColumns, stop))
        {
            IsBackground = true,
            Name = "mlp predict parser",
        };
        thread.Start();
    }

    private void Parse(
        IFeatureRows reader,
        int capacity,
        int[]? keptColumns,
        CancellationToken stop
    )
    {
        try
        {
            while (true)
            {
                var chunk = _free.Take(stop);
                chunk.Kept.Clear();
                chunk.Rows = reader.Read(
                    chunk.Inputs,
                    default,
                    capacity,
                    keptColumns is null ? null : () => chunk.Kept.Add(Fields(reader, keptColumns))
                );
                if (chunk.Rows == 0)
                {
                    break;
                }
                _full.Add(chunk, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _full.CompleteAdding();
        }
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
        foreach (var chunk in _full.GetConsumingEnumerable(_cancel))
        {
            yield return chunk;
        }
        _cancel.ThrowIfCancellationRequested();
        _failure?.Throw();
    }

    public void Release(Chunk chunk) => _free.Add(chunk);

    public void Dispose() => _stop.Cancel();
}
