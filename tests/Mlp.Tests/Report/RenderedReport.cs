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
    IReadOnlyList<string> OverlappingTexts,
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
        var overlapping = await page.EvaluateAsync<string[]>(OverlapScript);
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
            overlapping,
            screenshot,
            pdf
        );
    }

    /// <summary>
    /// Pairs of a picture's texts whose boxes overlap by more than a quarter of the smaller
    /// one, as "section: 'a' × 'b'" (labels drawn over each other cannot be read), and texts
    /// that reach past the picture's edge.
    /// </summary>
    private const string OverlapScript = """
        () => {
          const found = [];
          for (const svg of document.querySelectorAll('svg.picture')) {
            const section = svg.closest('section').id;
            const frame = svg.getBoundingClientRect();
            const texts = [...svg.querySelectorAll('text')]
              .map(t => ({ text: t.textContent.trim(), box: t.getBoundingClientRect() }))
              .filter(t => t.text.length > 0 && t.box.width > 0 && t.box.height > 0);
            for (const t of texts) {
              const b = t.box;
              if (b.left < frame.left - 2 || b.right > frame.right + 2
                  || b.top < frame.top - 2 || b.bottom > frame.bottom + 2) {
                found.push(`${section}: '${t.text}' cut by the picture's edge`);
              }
            }
            for (let i = 0; i < texts.length; i++) {
              for (let j = i + 1; j < texts.length; j++) {
                const a = texts[i].box, b = texts[j].box;
                // The renderer writes some labels twice in the same place: one label, not two.
                const same = texts[i].text === texts[j].text
                  && Math.abs(a.left - b.left) < 1 && Math.abs(a.top - b.top) < 1;
                if (same) continue;
                const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                const smaller = Math.min(a.width * a.height, b.width * b.height);
                if (w > 0 && h > 0 && w * h > 0.25 * smaller) {
                  found.push(`${section}: '${texts[i].text}' × '${texts[j].text}'`);
                }
              }
            }
          }
          return found;
        }
        """;
}
