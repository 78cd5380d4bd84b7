using Microsoft.Playwright;

namespace Mlp.Tests.Report;

/// <summary>What a report looked like in Chromium at 1280 px: errors, requests, sections, pictures, a screenshot and a print.</summary>
public sealed record RenderedReport(
    IReadOnlyList<string> ConsoleErrors,
    IReadOnlyList<string> Requests,
    IReadOnlyList<string> SectionIds,
    IReadOnlyList<(string Section, double Width, double Height)> Pictures,
    int PageWidth,
    int ViewportWidth,
    IReadOnlyList<string> OverflowingTables,
    byte[] Screenshot,
    byte[] Pdf
)
{
    public const int Width = 1280;

    /// <summary>Opens the file, waits for it to load, measures it, screenshots the whole page and prints it to A4.</summary>
    public static async Task<RenderedReport> Open(IBrowser browser, string path)
    {
        var context = await browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                ViewportSize = new() { Width = Width, Height = 900 },
            }
        );
        var page = await context.NewPageAsync();
        string url = new Uri(path).AbsoluteUri;
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Request += (_, request) =>
        {
            if (request.Url != url && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                requests.Add(request.Url);
            }
        };
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.NetworkIdle });
        var sections = await page.EvalOnSelectorAllAsync<string[]>(
            "section",
            "all => all.map(s => s.id)"
        );
        var pictures = new List<(string, double, double)>();
        foreach (var picture in await page.Locator("svg.picture").AllAsync())
        {
            var box = await picture.BoundingBoxAsync();
            string section = await picture.EvaluateAsync<string>("e => e.closest('section').id");
            pictures.Add((section, box?.Width ?? 0, box?.Height ?? 0));
        }
        int pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        int viewport = await page.EvaluateAsync<int>("document.documentElement.clientWidth");
        var overflowing = await page.EvalOnSelectorAllAsync<string[]>(
            "div.scroll",
            "all => all.filter(d => d.scrollWidth > d.clientWidth + 1).map(d => d.closest('section').id)"
        );
        byte[] screenshot = await page.ScreenshotAsync(new() { FullPage = true });
        byte[] pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        await context.CloseAsync();
        return new RenderedReport(
            errors,
            requests,
            sections,
            pictures,
            pageWidth,
            viewport,
            overflowing,
            screenshot,
            pdf
        );
    }
}
