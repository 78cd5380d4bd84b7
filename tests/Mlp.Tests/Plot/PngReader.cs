using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Mlp.Tests.Plot;

/// <summary>A minimal PNG decoder written from the specification, for the tests: checks every chunk's CRC and undoes the row filters.</summary>
internal static class PngReader
{
    public sealed record Image(int Width, int Height, byte[] Rgb)
    {
        public (byte R, byte G, byte B) At(int x, int y)
        {
            int at = (y * Width + x) * 3;
            return (Rgb[at], Rgb[at + 1], Rgb[at + 2]);
        }

        public int DistinctColors() =>
            Enumerable
                .Range(0, Width * Height)
                .Select(i => (Rgb[i * 3], Rgb[i * 3 + 1], Rgb[i * 3 + 2]))
                .Distinct()
                .Count();
    }

    public static Image Decode(byte[] file)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, file[..8]);
        int position = 8,
            width = 0,
            height = 0;
        var idat = new MemoryStream();
        var types = new List<string>();
        while (position < file.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(position));
            string type = Encoding.ASCII.GetString(file, position + 4, 4);
            var body = file.AsSpan(position + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(position + 8 + length));
            Assert.Equal(Crc(file.AsSpan(position + 4, 4 + length)), crc);
            types.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                Assert.Equal(8, body[8]);
                Assert.Equal(2, body[9]);
            }
            else if (type == "IDAT")
            {
                idat.Write(body);
            }
            position += 12 + length;
        }
        Assert.Equal("IHDR", types[0]);
        Assert.Equal("IEND", types[^1]);
        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        inflate.CopyTo(raw);
        var data = raw.ToArray();
        int stride = width * 3;
        Assert.Equal((stride + 1) * height, data.Length);
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = data[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int a = i >= 3 ? pixels[y * stride + i - 3] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
                int c = i >= 3 && y > 0 ? pixels[(y - 1) * stride + i - 3] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) >> 1,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                };
                pixels[y * stride + i] = (byte)(data[y * (stride + 1) + 1 + i] + predictor);
            }
        }
        return new Image(width, height, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a),
            pb = Math.Abs(p - b),
            pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a
            : pb <= pc ? b
            : c;
    }

    /// <summary>Bitwise CRC-32, without a table.</summary>
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte value in data)
        {
            crc ^= value;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }
        return ~crc;
    }
}
