using Microsoft.Win32.SafeHandles;
using Mlp.Model;

namespace Mlp.Data.Streaming;

/// <summary>
/// A data set read from its binary cache (<see cref="StreamCache"/>) a few rows at a time:
/// each row a record of float32 values (its inputs as deviations from their column's origin,
/// its target, its weight), standardized as it is read.
/// </summary>
internal sealed class StreamedData : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly long _dataOffset;
    private readonly float[] _shift;
    private readonly float[] _scale;
    private readonly float _targetShift;
    private readonly float _targetScale;

    /// <summary>A window's records as they lie in the file, before they are split and standardized.</summary>
    private float[] _records = [];

    public StreamedData(StreamLayout layout, string cachePath, StreamStatistics statistics)
    {
        Layout = layout;
        CachePath = cachePath;
        _dataOffset = layout.DataOffset;
        (InputScaling, _shift, _scale) = statistics.Inputs(layout);
        (TargetScaling, _targetShift, _targetScale) = statistics.Target(layout);
        _file = System.IO.File.OpenHandle(
            cachePath,
            FileMode.Open,
            FileAccess.Read,
            FileShare.Read,
            FileOptions.RandomAccess
        );
    }

    public StreamLayout Layout { get; }
    public Schema Schema => Layout.Schema;
    public int Rows => Layout.Rows;
    public string File => Layout.File;
    public string CachePath { get; }
    public bool HasWeights => Layout.HasWeights;

    /// <summary>The inputs' scaling the model keeps (null under --no-standardize).</summary>
    public Standardization? InputScaling { get; }

    /// <summary>The regression target's scaling (null for classification).</summary>
    public Standardization? TargetScaling { get; }

    /// <summary>How many of each class the rows hold (classification).</summary>
    public long[] ClassCounts => Layout.ClassCounts;

    /// <summary>
    /// Rows [first, first + count) into <paramref name="inputs"/> (count, inputs; standardized),
    /// <paramref name="targets"/> (standardized for regression; class index) and, when the data
    /// has them, <paramref name="weights"/>, from position <paramref name="at"/> on.
    /// </summary>
    public void Read(
        long first,
        int count,
        float[] inputs,
        float[] targets,
        float[]? weights,
        int at
    )
    {
        int record = Layout.RecordFloats;
        int width = Layout.Width;
        if (_records.Length < count * record)
        {
            _records = GC.AllocateUninitializedArray<float>(count * record);
        }
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(
            _records.AsSpan(0, count * record)
        );
        long offset = _dataOffset + first * record * sizeof(float);
        while (!bytes.IsEmpty)
        {
            int read = RandomAccess.Read(_file, bytes, offset);
            if (read == 0)
            {
                throw new MlpException(
                    "the cache ends early: it was cut",
                    new ErrorPlace(CachePath),
                    "delete it; the next run makes it again"
                );
            }
            bytes = bytes[read..];
            offset += read;
        }
        for (int r = 0; r < count; r++)
        {
            var source = _records.AsSpan(r * record, record);
            var row = inputs.AsSpan((at + r) * width, width);
            for (int c = 0; c < width; c++)
            {
                row[c] = (source[c] - _shift[c]) * _scale[c];
            }
            targets[at + r] = (source[width] - _targetShift) * _targetScale;
            if (weights is not null)
            {
                weights[at + r] = source[width + 1];
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
