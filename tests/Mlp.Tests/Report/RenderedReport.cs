using System.Text.Json;
using System.Text.Json.Nodes;

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

    /// <summary>Opens the file in a new tab, waits for it to load, measures it, screenshots the whole page and prints it to A4.</summary>
    internal static async Task<RenderedReport> Open(DevTools browser, string path)
    {
        var (target, session) = await browser.NewPage();
        string url = new Uri(path).AbsoluteUri;
        var errors = new List<string>();
        var requests = new List<string>();
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEvent(string method, JsonNode? values, string? from)
        {
            if (from != session || values is null)
            {
                return;
            }
            lock (errors)
            {
                switch (method)
                {
                    case "Runtime.consoleAPICalled"
                        when values["type"]?.GetValue<string>() == "error":
                        errors.Add(
                            string.Join(
                                " ",
                                values["args"]!
                                    .AsArray()
                                    .Select(a => (a?["value"] ?? a?["description"])?.ToString())
                            )
                        );
                        break;
                    case "Runtime.exceptionThrown":
                        var details = values["exceptionDetails"]!;
                        errors.Add(
                            (details["exception"]?["description"] ?? details["text"])!.ToString()
                        );
                        break;
                    case "Network.requestWillBeSent":
                        string requested = values["request"]!["url"]!.GetValue<string>();
                        if (
                            requested != url
                            && !requested.StartsWith("data:", StringComparison.Ordinal)
                        )
                        {
                            requests.Add(requested);
                        }
                        break;
                    case "Page.loadEventFired":
                        loaded.TrySetResult();
                        break;
                }
            }
        }
        browser.Event += OnEvent;
        try
        {
            foreach (string domain in new[] { "Page", "Runtime", "Network" })
            {
                await browser.Send($"{domain}.enable", null, session);
            }
            await browser.Send(
                "Emulation.setDeviceMetricsOverride",
                new
                {
                    width = Width,
                    height = 900,
                    deviceScaleFactor = 1,
                    mobile = false,
                },
                session
            );
            await browser.Send("Page.navigate", new { url }, session);
            await loaded.Task.WaitAsync(TimeSpan.FromSeconds(60));
            async Task<T> Value<T>(string script) =>
                (await browser.Evaluate(session, script))!.Deserialize<T>()!;
            var sections = await Value<string[]>(
                "[...document.querySelectorAll('section')].map(s => s.id)"
            );
            var pictures = (
                await Value<JsonArray>(
                    "[...document.querySelectorAll('svg.picture')].map(e => { const b = e.getBoundingClientRect(); return [e.closest('section').id, b.width, b.height]; })"
                )
            )
                .Select(p =>
                    (p![0]!.GetValue<string>(), p[1]!.GetValue<double>(), p[2]!.GetValue<double>())
                )
                .ToList();
            int pageWidth = await Value<int>("document.documentElement.scrollWidth");
            int viewport = await Value<int>("document.documentElement.clientWidth");
            var overflowing = await Value<string[]>(
                "[...document.querySelectorAll('div.scroll')].filter(d => d.scrollWidth > d.clientWidth + 1).map(d => d.closest('section').id)"
            );
            var overlapping = await Value<string[]>($"({OverlapScript})()");
            var size = (await browser.Send("Page.getLayoutMetrics", null, session))[
                "cssContentSize"
            ]!;
            var shot = await browser.Send(
                "Page.captureScreenshot",
                new
                {
                    format = "png",
                    captureBeyondViewport = true,
                    clip = new
                    {
                        x = 0,
                        y = 0,
                        width = size["width"]!.GetValue<double>(),
                        height = size["height"]!.GetValue<double>(),
                        scale = 1,
                    },
                },
                session
            );
            var pdf = await browser.Send(
                "Page.printToPDF",
                new
                {
                    printBackground = true,
                    paperWidth = 8.27,
                    paperHeight = 11.69,
                },
                session
            );
            lock (errors)
            {
                return new RenderedReport(
                    [.. errors],
                    [.. requests],
                    sections,
                    pictures,
                    pageWidth,
                    viewport,
                    overflowing,
                    overlapping,
                    Convert.FromBase64String(shot["data"]!.GetValue<string>()),
                    Convert.FromBase64String(pdf["data"]!.GetValue<string>())
                );
            }
        }
        finally
        {
            browser.Event -= OnEvent;
            await browser.Send("Target.closeTarget", new { targetId = target });
        }
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
