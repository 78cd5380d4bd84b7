using Mlp.Model;

namespace Mlp.Data.Streaming;

/// <summary>
/// How a streamed data set lies in its cache: <see cref="Rows"/> records of
/// <see cref="RecordFloats"/> float32 values (the <see cref="Width"/> inputs, the target, the
/// weight when there is one) from <see cref="DataOffset"/> on.
/// </summary>
internal sealed record StreamLayout(
    Schema Schema,
    string File,
    int Rows,
    bool HasWeights,
    long DataOffset,
    long[] ClassCounts
)
{
    public int Width => Schema.InputCount;
    public int RecordFloats => Width + 1 + (HasWeights ? 1 : 0);
    public long RecordBytes => RecordFloats * sizeof(float);
}
