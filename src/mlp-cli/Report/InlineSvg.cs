using System.Text;
using System.Text.RegularExpressions;
using Mlp.Cli.Plot;

namespace Mlp.Cli.Report;

/// <summary>
/// A picture as markup to place inside an HTML page: Skia's SVG without its XML declaration,
/// with a viewBox so that it scales to the page's width, and its ids (clip paths, images)
/// renamed with a prefix of its own, so that two pictures on one page never refer to each other's.
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
        // Skia numbers ids from a counter of the process: renumbered in order of appearance,
        // the same picture gives the same page in every run.
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match id in Definitions().Matches(svg))
        {
            renamed.TryAdd(id.Groups[1].Value, $"{idPrefix}-{renamed.Count + 1}");
        }
        svg = Ids()
            .Replace(
                svg,
                m =>
                    renamed.TryGetValue(m.Groups[2].Value, out string? name)
                        ? m.Groups[1].Value + name
                        : throw new InvalidOperationException(
                            $"the picture refers to an id it does not define: {m.Groups[2].Value}"
                        )
            );
        return svg.Insert(
            "<svg".Length,
            $" viewBox=\"0 0 {figure.Width} {figure.Height}\" role=\"img\" class=\"picture\""
        );
    }

    // id="x", url(#x) and href="#x" (plain or xlink): every place an SVG names or uses an id.
    [GeneratedRegex("""(\bid="|url\(#|href="#)([^")]+)""")]
    private static partial Regex Ids();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex Definitions();
}
