using System.Xml.Linq;
using SkiaSharp;

namespace Mlp.Tests.Plot;

/// <summary>Reading back what the tool wrote: PNG and GIF through SkiaSharp's decoders, SVG as XML.</summary>
internal static class Pictures
{
    public static SKBitmap DecodePng(byte[] bytes)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        return SKBitmap.Decode(bytes) ?? throw new InvalidOperationException("not a decodable PNG");
    }

    /// <summary>Every frame of a GIF, decoded one by one.</summary>
    public static List<SKBitmap> DecodeGif(byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new InvalidOperationException("not a GIF");
        Assert.Equal(SKEncodedImageFormat.Gif, codec.EncodedFormat);
        var info = new SKImageInfo(
            codec.Info.Width,
            codec.Info.Height,
            SKColorType.Rgba8888,
            SKAlphaType.Premul
        );
        var frames = new List<SKBitmap>();
        for (int frame = 0; frame < codec.FrameCount; frame++)
        {
            var bitmap = new SKBitmap(info);
            var result = codec.GetPixels(info, bitmap.GetPixels(), new SKCodecOptions(frame));
            Assert.Equal(SKCodecResult.Success, result);
            frames.Add(bitmap);
        }
        return frames;
    }

    /// <summary>The SVG document, and every piece of its text joined by spaces (SVG keeps text as text).</summary>
    public static (XDocument Document, string Text) ParseSvg(byte[] bytes)
    {
        var document = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal("svg", document.Root!.Name.LocalName);
        var text = string.Join(
            " ",
            document
                .Descendants()
                .Where(e => e.Name.LocalName == "text")
                .Select(e => e.Value.Trim())
        );
        return (document, text);
    }

    public static int DistinctColors(SKBitmap bitmap)
    {
        var colors = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 3)
        {
            for (int x = 0; x < bitmap.Width; x += 3)
            {
                colors.Add((uint)bitmap.GetPixel(x, y));
            }
        }
        return colors.Count;
    }

    public static void AssertColor(
        SKColor actual,
        double r,
        double g,
        double b,
        double tolerance,
        string what
    ) =>
        Assert.True(
            Math.Abs(actual.Red - r) <= tolerance
                && Math.Abs(actual.Green - g) <= tolerance
                && Math.Abs(actual.Blue - b) <= tolerance,
            $"{what} is ({actual.Red}, {actual.Green}, {actual.Blue}), expected ({r}, {g}, {b})"
        );
}
