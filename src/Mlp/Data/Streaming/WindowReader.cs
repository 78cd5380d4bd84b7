namespace Mlp.Data.Streaming;

/// <summary>Some blocks' rows, standardized, in memory: what a streamed epoch trains on at a time.</summary>
internal sealed class Window
{
    public Window(int capacity, int width, bool weights, bool lossWeights)
    {
        Inputs = GC.AllocateUninitializedArray<float>(capacity * width);
        Targets = new float[capacity];
        Weights = weights ? new float[capacity] : null;
        LossWeights = lossWeights ? new float[capacity] : null;
        Local = new int[capacity];
    }

    public float[] Inputs { get; }
    public float[] Targets { get; }

    /// <summary>The rows' sample weights, when the data has them.</summary>
    public float[]? Weights { get; }

    /// <summary>The rows' weights in the loss (sample × class), when either is given.</summary>
    public float[]? LossWeights { get; }

    /// <summary>Scratch for the window's row order.</summary>
    public int[] Local { get; }

    public int Rows { get; set; }

    /// <summary>Which window of its pass this is.</summary>
    public int Index { get; set; }
}

/// <summary>
/// Reads a list of blocks a window at a time, the next window loading on a background thread
/// while the caller works on the current one (two windows in memory), so that reading the
/// cache overlaps training.
/// </summary>
internal sealed class WindowReader(
    StreamedData data,
    BlockSplit split,
    int windowBlocks,
    float[]? classWeights
)
{
    private readonly Window[] _windows =
    [
        .. Enumerable
            .Range(0, 2)
            .Select(_ => new Window(
                windowBlocks * split.BlockRows,
                data.Layout.Width,
                data.HasWeights,
                data.HasWeights || classWeights is not null
            )),
    ];

    public int Capacity => windowBlocks * split.BlockRows;

    /// <summary>Whether the rows have sample weights.</summary>
    public bool HasWeights => data.HasWeights;

    /// <summary>The windows over <paramref name="blocks"/>, in their order: each is valid until the next is asked for.</summary>
    public IEnumerable<Window> Over(int[] blocks)
    {
        int count = (blocks.Length + windowBlocks - 1) / windowBlocks;
        Task? next = count > 0 ? Load(blocks, 0) : null;
        try
        {
            for (int w = 0; w < count; w++)
            {
                next!.GetAwaiter().GetResult();
                next = w + 1 < count ? Load(blocks, w + 1) : null;
                yield return _windows[w % 2];
            }
        }
        finally
        {
            // An abandoned pass (an error in training) leaves no load writing behind it.
            try
            {
                next?.Wait();
            }
            catch (AggregateException) { }
        }
    }

    private Task Load(int[] blocks, int index)
    {
        var window = _windows[index % 2];
        int first = index * windowBlocks;
        var mine = blocks.AsMemory(first, Math.Min(windowBlocks, blocks.Length - first));
        return BackgroundWork.Start(() => Fill(window, mine.Span, index));
    }

    private void Fill(Window window, ReadOnlySpan<int> blocks, int index)
    {
        int at = 0;
        foreach (int block in blocks)
        {
            int rows = split.RowsOf(block);
            data.Read(
                split.FirstRow(block),
                rows,
                window.Inputs,
                window.Targets,
                window.Weights,
                at
            );
            at += rows;
        }
        window.Rows = at;
        window.Index = index;
        if (window.LossWeights is { } loss)
        {
            for (int r = 0; r < at; r++)
            {
                loss[r] =
                    (window.Weights?[r] ?? 1f) * (classWeights?[(int)window.Targets[r]] ?? 1f);
            }
        }
    }
}
