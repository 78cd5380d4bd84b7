using Google.Protobuf;

namespace Mlp.Export;

/// <summary>
/// One protobuf message being written, field by field, in the wire format (Google.Protobuf's
/// encoder does the varints, UTF-8 and packing). A nested message is written whole and added
/// as a length-delimited field, so no message types need to be generated.
/// </summary>
internal sealed class ProtoMessage
{
    private readonly MemoryStream _bytes = new();
    private readonly CodedOutputStream _output;

    public ProtoMessage() => _output = new CodedOutputStream(_bytes, leaveOpen: true);

    public ProtoMessage Int64(int field, long value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt64(value);
        return this;
    }

    public ProtoMessage Float(int field, float value)
    {
        _output.WriteTag(field, WireFormat.WireType.Fixed32);
        _output.WriteFloat(value);
        return this;
    }

    public ProtoMessage String(int field, string value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteString(value);
        return this;
    }

    public ProtoMessage Message(int field, ProtoMessage message)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(message.ToArray()));
        return this;
    }

    /// <summary>A repeated float field, packed: one length, then the little-endian values.</summary>
    public ProtoMessage PackedFloats(int field, ReadOnlySpan<float> values)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteLength(values.Length * sizeof(float));
        foreach (float value in values)
        {
            _output.WriteFloat(value);
        }
        return this;
    }

    /// <summary>A repeated int64 field, packed.</summary>
    public ProtoMessage PackedInt64s(int field, ReadOnlySpan<long> values)
    {
        int length = 0;
        foreach (long value in values)
        {
            length += CodedOutputStream.ComputeInt64Size(value);
        }
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteLength(length);
        foreach (long value in values)
        {
            _output.WriteInt64(value);
        }
        return this;
    }

    public byte[] ToArray()
    {
        _output.Flush();
        return _bytes.ToArray();
    }
}
