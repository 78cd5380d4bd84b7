using Google.Protobuf;

namespace Mlp.Tests.Export;

/// <summary>A protobuf message's fields read back with Google.Protobuf's decoder: numbers and nested bytes by field number.</summary>
internal sealed class ProtoFields
{
    private readonly List<(int Field, long Number, byte[]? Bytes)> _fields = [];

    public ProtoFields(byte[] message)
    {
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            int field = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    _fields.Add((field, input.ReadInt64(), null));
                    break;
                case WireFormat.WireType.LengthDelimited:
                    _fields.Add((field, 0, input.ReadBytes().ToByteArray()));
                    break;
                case WireFormat.WireType.Fixed32:
                    _fields.Add((field, input.ReadFixed32(), null));
                    break;
                default:
                    throw new InvalidDataException($"unexpected wire type in field {field}");
            }
        }
    }

    public long Number(int field) => _fields.Single(f => f.Field == field).Number;

    public string Text(int field) =>
        System.Text.Encoding.UTF8.GetString(_fields.Single(f => f.Field == field).Bytes!);

    public IEnumerable<ProtoFields> Messages(int field) =>
        _fields.Where(f => f.Field == field).Select(f => new ProtoFields(f.Bytes!));

    public IEnumerable<string> Texts(int field) =>
        _fields
            .Where(f => f.Field == field)
            .Select(f => System.Text.Encoding.UTF8.GetString(f.Bytes!));
}
