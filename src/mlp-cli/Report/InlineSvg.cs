using System.Text;
using System.Text.RegularExpressions;
using Mlp.Cli.Plot;

namespace Mlp.Cli.Report;

/// <summary>
/// A picture as markup to place inside an HTML page: Skia's SVG without its XML declaration,
/// with a viewBox so that it scales to the page's width, and its ids (clip paths, images)
/// prefixed so that two pictures on one page never refer to each other's.
/// </summary>
internal static partial class InlineSvg
{
    public static string Of(Figure figure, string idPrefix)
    {
        string svg = Encoding.UTF8.GetString(figure.Svg());
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException("the picture renderer wrote no <svg> element");
        }
        svg = svg[start..];
        svg = Ids().Replace(svg, m => $"{m.Groups[1].Value}{idPrefix}-{m.Groups[2].Value}");
        return svg.Insert(
            "<svg".Length,
            $" viewBox=\"0 0 {figure.Width} {figure.Height}\" role=\"img\" class=\"picture\""
        );
    }

    // id="x", url(#x) and href="#x" (plain or xlink): every place an SVG names or uses an id.
    [GeneratedRegex("""(\bid="|url\(#|href="#)([^")]+)""")]
    private static partial Regex Ids();
}
