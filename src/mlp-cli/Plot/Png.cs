using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Mlp.Cli.Plot;

/// <summary>
/// PNG encoder: 8-bit RGB, each row under the filter (none, sub, up, average, Paeth) whose
/// output has the smallest sum of absolute values, compressed with zlib, chunks with CRC-32.
/// </summary>
internal static class Png
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static byte[] Encode(Canvas canvas)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, canvas.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), canvas.Height);
        header[8] = 8; // bits per channel
        header[9] = 2; // colour type: RGB
        WriteChunk(output, "IHDR", header);
        WriteChunk(output, "IDAT", Compress(Filtered(canvas)));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static byte[] Compress(byte[] filtered)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(filtered);
        }
        return compressed.ToArray();
    }

    /// <summary>Each row: a filter-type byte, then the filtered bytes.</summary>
    private static byte[] Filtered(Canvas canvas)
    {
        int stride = canvas.Width * 3;
        var pixels = canvas.Pixels;
        var result = new byte[(stride + 1) * canvas.Height];
        var candidate = new byte[stride];
        var previous = new byte[stride]; // the row above the first is zeros
        for (int y = 0; y < canvas.Height; y++)
        {
            var row = pixels.Slice(y * stride, stride);
            var target = result.AsSpan(y * (stride + 1), stride + 1);
            long best = long.MaxValue;
            for (byte filter = 0; filter <= 4; filter++)
            {
                long cost = Apply(filter, row, previous, candidate);
                if (cost < best)
                {
                    best = cost;
                    target[0] = filter;
                    candidate.CopyTo(target[1..]);
                }
            }
            row.CopyTo(previous);
        }
        return result;
    }

    /// <summary>Writes the filtered row into <paramref name="output"/>; returns Σ |(sbyte) value|.</summary>
    private static long Apply(
        byte filter,
        ReadOnlySpan<byte> row,
        ReadOnlySpan<byte> above,
        Span<byte> output
    )
    {
        long cost = 0;
        for (int i = 0; i < row.Length; i++)
        {
            int left = i >= 3 ? row[i - 3] : 0;
            int up = above[i];
            int upLeft = i >= 3 ? above[i - 3] : 0;
            int predicted = filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                _ => Paeth(left, up, upLeft),
            };
            byte value = (byte)(row[i] - predicted);
            output[i] = value;
            int signed = (sbyte)value;
            cost += signed < 0 ? -signed : signed;
        }
        return cost;
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        int estimate = left + up - upLeft;
        int toLeft = Math.Abs(estimate - left),
            toUp = Math.Abs(estimate - up),
            toUpLeft = Math.Abs(estimate - upLeft);
        if (toLeft <= toUp && toLeft <= toUpLeft)
        {
            return left;
        }
        return toUp <= toUpLeft ? up : upLeft;
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData.AsSpan(4));
        output.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Compute(typeAndData));
        output.Write(crc);
    }
}
