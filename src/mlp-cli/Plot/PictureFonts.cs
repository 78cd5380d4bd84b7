using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace Mlp.Cli.Plot;

/// <summary>
/// Every picture's text is set in DejaVu Sans, embedded in the tool (its licence ships beside
/// it): a machine without fontconfig fonts gives Skia none to find, and text would not be drawn.
/// Registered with ScottPlot before the first plot is made; it answers every font name.
/// </summary>
internal static class PictureFonts
{
    public const string Family = "DejaVu Sans";
    private const string Resource = "DejaVuSans.ttf";

    private static readonly Lazy<SKTypeface> Loaded = new(Load);
    private static readonly Lazy<bool> Registered = new(Register);

    public static SKTypeface Typeface => Loaded.Value;

    public static void EnsureRegistered() => _ = Registered.Value;

    private static bool Register()
    {
        Fonts.FontResolvers.Insert(0, new EmbeddedResolver());
        Fonts.Default = Family;
        Fonts.Sans = Family;
        Fonts.Serif = Family;
        Fonts.Monospace = Family;
        return true;
    }

    private static SKTypeface Load()
    {
        using var stream =
            Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException("the picture font is missing from the tool");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException("the picture font could not be read");
    }

    private sealed class EmbeddedResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(
            string fontName,
            FontWeight weight,
            FontSlant slant,
            FontSpacing spacing
        ) => Typeface;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Typeface;
    }
}
