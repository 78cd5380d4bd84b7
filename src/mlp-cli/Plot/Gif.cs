using System.Buffers.Binary;
using SkiaSharp;

namespace Mlp.Cli.Plot;

/// <summary>
/// An animated GIF (GIF89a, looping) written frame by frame: every frame is mapped to one
/// global palette of up to 256 colours (nearest colour, cached per 15-bit colour) and LZW-compressed
/// as it arrives, so only the compressed frames are kept.
/// </summary>
internal sealed class GifWriter
{
    private readonly Rgba[] _palette;
    private readonly short[] _nearest = new short[1 << 15];
    private readonly MemoryStream _frames = new();
    private readonly int _width;
    private readonly int _height;

    public GifWriter(int width, int height, IReadOnlyList<Rgba> palette)
    {
        if (palette.Count is 0 or > 256)
        {
            throw new ArgumentException("a GIF palette has 1 to 256 colours");
        }
        _width = width;
        _height = height;
        _palette = [.. palette];
        Array.Fill(_nearest, (short)-1);
    }

    /// <summary>Adds a frame (opaque RGBA pixels) shown for <paramref name="delayHundredths"/> hundredths of a second.</summary>
    public void Add(SKBitmap frame, int delayHundredths)
    {
        if (
            frame.Width != _width
            || frame.Height != _height
            || frame.ColorType != SKColorType.Rgba8888
        )
        {
            throw new ArgumentException("every frame is an RGBA picture of the animation's size");
        }
        var indices = new byte[_width * _height];
        var pixels = frame.GetPixelSpan();
        for (int i = 0; i < indices.Length; i++)
        {
            indices[i] = Nearest(pixels[i * 4], pixels[i * 4 + 1], pixels[i * 4 + 2]);
        }
        // Graphic control extension: no transparency, the delay.
        _frames.Write([0x21, 0xF9, 4, 0]);
        WriteUInt16(_frames, delayHundredths);
        _frames.Write([0, 0]);
        // Image descriptor: the whole screen, no local palette.
        _frames.WriteByte(0x2C);
        WriteUInt16(_frames, 0);
        WriteUInt16(_frames, 0);
        WriteUInt16(_frames, _width);
        WriteUInt16(_frames, _height);
        _frames.WriteByte(0);
        _frames.WriteByte(8); // LZW minimum code size
        WriteSubBlocks(_frames, Lzw.Compress(indices, 8));
    }

    public byte[] ToArray()
    {
        using var output = new MemoryStream();
        output.Write("GIF89a"u8);
        WriteUInt16(output, _width);
        WriteUInt16(output, _height);
        output.Write([0xF7, 0, 0]); // global palette of 256 entries, 8 bits per channel
        for (int i = 0; i < 256; i++)
        {
            var color = i < _palette.Length ? _palette[i] : Rgba.White;
            output.Write([color.R, color.G, color.B]);
        }
        // NETSCAPE2.0 application extension: loop forever.
        output.Write([0x21, 0xFF, 11]);
        output.Write("NETSCAPE2.0"u8);
        output.Write([3, 1, 0, 0, 0]);
        _frames.WriteTo(output);
        output.WriteByte(0x3B);
        return output.ToArray();
    }

    private byte Nearest(byte r, byte g, byte b)
    {
        int key = (r >> 3) << 10 | (g >> 3) << 5 | b >> 3;
        if (_nearest[key] >= 0)
        {
            return (byte)_nearest[key];
        }
        int best = 0;
        long bestDistance = long.MaxValue;
        for (int i = 0; i < _palette.Length; i++)
        {
            long dr = _palette[i].R - r,
                dg = _palette[i].G - g,
                db = _palette[i].B - b;
            long distance = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = i;
            }
        }
        _nearest[key] = (short)best;
        return (byte)best;
    }

    private static void WriteUInt16(Stream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
        stream.Write(bytes);
    }

    private static void WriteSubBlocks(Stream stream, byte[] data)
    {
        for (int start = 0; start < data.Length; start += 255)
        {
            int length = Math.Min(255, data.Length - start);
            stream.WriteByte((byte)length);
            stream.Write(data, start, length);
        }
        stream.WriteByte(0);
    }
}

/// <summary>GIF's LZW: variable code width from minimum + 1 up to 12 bits, codes packed least significant bit first.</summary>
internal static class Lzw
{
    public static byte[] Compress(ReadOnlySpan<byte> indices, int minimumCodeSize)
    {
        int clear = 1 << minimumCodeSize;
        int end = clear + 1;
        var output = new List<byte>(indices.Length / 2);
        int buffer = 0,
            bits = 0;
        void Emit(int code, int width)
        {
            buffer |= code << bits;
            bits += width;
            while (bits >= 8)
            {
                output.Add((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }
        // The table maps (prefix code, next index) to a code.
        var table = new Dictionary<int, int>(4096);
        int codeWidth = minimumCodeSize + 1;
        int next = end + 1;
        Emit(clear, codeWidth);
        if (indices.Length == 0)
        {
            Emit(end, codeWidth);
            return Flush(output, buffer, bits);
        }
        int prefix = indices[0];
        for (int i = 1; i < indices.Length; i++)
        {
            int symbol = indices[i];
            int key = prefix << 8 | symbol;
            if (table.TryGetValue(key, out int code))
            {
                prefix = code;
                continue;
            }
            Emit(prefix, codeWidth);
            if (next < 4095)
            {
                table[key] = next++;
                if (next > 1 << codeWidth && codeWidth < 12)
                {
                    codeWidth++;
                }
            }
            else
            {
                Emit(clear, codeWidth);
                table.Clear();
                codeWidth = minimumCodeSize + 1;
                next = end + 1;
            }
            prefix = symbol;
        }
        Emit(prefix, codeWidth);
        Emit(end, codeWidth);
        return Flush(output, buffer, bits);
    }

    private static byte[] Flush(List<byte> output, int buffer, int bits)
    {
        if (bits > 0)
        {
            output.Add((byte)buffer);
        }
        return [.. output];
    }
}
