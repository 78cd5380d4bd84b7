namespace Mlp.Tests.Plot;

/// <summary>Walks a GIF's blocks (from the GIF89a specification) and decodes LZW data, for the tests.</summary>
internal static class GifReader
{
    /// <summary>Each frame's LZW-decoded palette indices.</summary>
    public static List<byte[]> Frames(byte[] file, out int width, out int height)
    {
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(file, 0, 6));
        width = file[6] | file[7] << 8;
        height = file[8] | file[9] << 8;
        int position = 13;
        if ((file[10] & 0x80) != 0)
        {
            position += 3 * (1 << ((file[10] & 7) + 1));
        }
        var frames = new List<byte[]>();
        while (true)
        {
            byte block = file[position++];
            if (block == 0x3B)
            {
                return frames;
            }
            if (block == 0x21)
            {
                position++; // label
                position = SkipSubBlocks(file, position, null);
                continue;
            }
            Assert.Equal(0x2C, block);
            Assert.Equal(0, file[position + 8] & 0x80); // no local palette
            position += 9;
            int minimum = file[position++];
            var data = new List<byte>();
            position = SkipSubBlocks(file, position, data);
            frames.Add(Decode(data.ToArray(), minimum));
        }
    }

    private static int SkipSubBlocks(byte[] file, int position, List<byte>? data)
    {
        while (file[position] != 0)
        {
            int length = file[position];
            data?.AddRange(file.AsSpan(position + 1, length).ToArray());
            position += 1 + length;
        }
        return position + 1;
    }

    public static byte[] Decode(byte[] data, int minimum)
    {
        int clear = 1 << minimum,
            end = clear + 1;
        var output = new List<byte>();
        var table = new List<byte[]>();
        void Reset()
        {
            table.Clear();
            for (int i = 0; i < clear; i++)
            {
                table.Add([(byte)i]);
            }
            table.Add([]);
            table.Add([]);
        }
        Reset();
        int width = minimum + 1;
        int bitPosition = 0;
        byte[]? previous = null;
        while (bitPosition + width <= data.Length * 8)
        {
            int code = 0;
            for (int b = 0; b < width; b++, bitPosition++)
            {
                code |= (data[bitPosition >> 3] >> (bitPosition & 7) & 1) << b;
            }
            if (code == clear)
            {
                Reset();
                width = minimum + 1;
                previous = null;
                continue;
            }
            if (code == end)
            {
                break;
            }
            byte[] entry;
            if (code < table.Count)
            {
                entry = table[code];
                if (previous is not null)
                {
                    table.Add([.. previous, entry[0]]);
                }
            }
            else
            {
                Assert.Equal(table.Count, code);
                entry = [.. previous!, previous![0]];
                table.Add(entry);
            }
            output.AddRange(entry);
            previous = entry;
            if (table.Count == 1 << width && width < 12)
            {
                width++;
            }
        }
        return output.ToArray();
    }
}
