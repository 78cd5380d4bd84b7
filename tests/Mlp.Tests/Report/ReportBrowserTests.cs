using System.Text;
using SkiaSharp;

namespace Mlp.Tests.Report;

/// <summary>The report as a browser shows it: no errors, no network, every section and picture, not blank, printable.</summary>
public class ReportBrowserTests(ReportPages pages) : IClassFixture<ReportPages>
{
    public static TheoryData<string> Tasks => new(ReportPages.Tasks);

    [BrowserTheory]
    [MemberData(nameof(Tasks))]
    public void The_page_logs_no_error_and_requests_nothing(string task)
    {
        Assert.Empty(pages[task].ConsoleErrors);
        Assert.Empty(pages[task].Requests);
    }

    [BrowserTheory]
    [MemberData(nameof(Tasks))]
    public void Every_section_is_on_the_page_in_order(string task) =>
        Assert.Equal(Mlp.Cli.Report.ReportSections.Names, pages[task].SectionIds);

    [BrowserTheory]
    [MemberData(nameof(Tasks))]
    public void Every_picture_is_drawn_with_a_size(string task)
    {
        var pictures = pages[task].Pictures;
        Assert.All(pictures, p => Assert.True(p.Width > 100 && p.Height > 100, $"{p}"));
        int Count(string section) => pictures.Count(p => p.Section == section);
        Assert.Equal(1, Count("model")); // the loss curve
        Assert.Equal(task == "regression" ? 1 : 0, Count("metrics")); // the residuals
        Assert.Equal(1, Count("importance"));
        Assert.Equal(task == "regression" ? 3 : 4, Count("dependence")); // the top four features, of three or four
        Assert.Equal(1, Count("interactions"));
        Assert.Equal(2, Count("weights"));
        Assert.Equal(1, Count("regions"));
    }

    [BrowserTheory]
    [MemberData(nameof(Tasks))]
    public void Nothing_is_wider_than_a_laptop_screen(string task)
    {
        var page = pages[task];
        Assert.True(
            page.PageWidth <= page.ViewportWidth,
            $"{page.PageWidth} > {page.ViewportWidth}"
        );
        Assert.Empty(page.OverflowingTables);
    }

    [BrowserTheory]
    [MemberData(nameof(Tasks))]
    public void No_picture_draws_one_label_over_another_or_past_its_edge(string task) =>
        Assert.Empty(pages[task].OverlappingTexts);

    [BrowserTheory]
    [MemberData(nameof(Tasks))]
    public void The_screenshot_is_not_blank(string task)
    {
        using var image = SKBitmap.Decode(pages[task].Screenshot);
        Assert.Equal(RenderedReport.Width, image.Width);
        Assert.True(image.Height > 3000, $"a page of {image.Height} px");
        int inked = 0,
            sampled = 0;
        var colours = new HashSet<uint>();
        for (int y = 0; y < image.Height; y += 3)
        {
            for (int x = 0; x < image.Width; x += 3)
            {
                var pixel = image.GetPixel(x, y);
                sampled++;
                colours.Add((uint)pixel);
                // Darker than the page's light background and the sections' white.
                if (pixel.Red + pixel.Green + pixel.Blue < 600)
                {
                    inked++;
                }
            }
        }
        Assert.True(inked > sampled / 50, $"{inked} of {sampled} sampled pixels inked");
        Assert.True(colours.Count > 200, $"{colours.Count} colours");
    }

    [BrowserTheory]
    [MemberData(nameof(Tasks))]
    public void The_page_prints_to_a_pdf(string task)
    {
        var pdf = pages[task].Pdf;
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.True(pdf.Length > 50_000, $"{pdf.Length} bytes");
    }
}

/// <summary>The browser checks see what they look for: a page that fetches and fails is caught.</summary>
public class BrowserCheckTests
{
    [BrowserFact]
    public async Task A_page_with_a_script_error_and_a_remote_picture_is_caught()
    {
        using var folder = new TempFolder();
        string page = folder.Write(
            "bad.html",
            "<!DOCTYPE html><html><body><section id=\"s\"><div class=\"scroll\" style=\"width:50px\"><table><tr><td>"
                + new string('x', 400)
                + "</td></tr></table></div><img src=\"http://192.0.2.1/x.png\"><script>console.error('broken'); undefinedFunction();</script></section></body></html>"
        );
        await using var browser = await Chromium.Launch();
        var rendered = await RenderedReport.Open(browser, page);
        Assert.Contains(rendered.ConsoleErrors, e => e.Contains("broken"));
        Assert.Contains(rendered.ConsoleErrors, e => e.Contains("undefinedFunction"));
        Assert.Contains("http://192.0.2.1/x.png", rendered.Requests);
        Assert.Equal(["s"], rendered.OverflowingTables);
    }
}
