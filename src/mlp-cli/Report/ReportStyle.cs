namespace Mlp.Cli.Report;

/// <summary>
/// The report's style sheet, inline: a readable column on a laptop screen, pictures scaled to
/// its width, and a print layout that keeps pictures and tables whole.
/// </summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f6f6f4; color: #222;
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Verdana, sans-serif; }
        header, main { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
        header { padding-top: 24px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 21px; margin: 0 0 6px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        h3 { font-size: 16px; margin: 18px 0 6px; }
        .subtitle { color: #555; margin: 0 0 12px; }
        nav ol { list-style: none; padding: 0; margin: 0 0 16px; display: flex; flex-wrap: wrap; gap: 6px 18px; }
        nav a { color: #2458a6; text-decoration: none; }
        section { background: #fff; border: 1px solid #e2e2de; border-radius: 6px;
          padding: 16px 20px; margin: 0 0 20px; }
        .how { color: #444; font-style: italic; margin: 0 0 12px; }
        .note { color: #666; font-size: 13px; }
        figure { margin: 12px 0; }
        figure svg.picture { display: block; max-width: 100%; height: auto; }
        svg.picture text { font-family: "DejaVu Sans", "Bitstream Vera Sans", Verdana, sans-serif; }
        figcaption { color: #555; font-size: 13px; margin-top: 4px; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
        th, td { padding: 3px 9px; border-bottom: 1px solid #eee; text-align: right;
          font-variant-numeric: tabular-nums; white-space: nowrap; }
        th { font-weight: 600; }
        thead th { border-bottom: 2px solid #ccc; vertical-align: bottom; }
        tbody th, td.text { text-align: left; font-weight: normal; }
        thead th:first-child, thead th.text { text-align: left; }
        td.text { white-space: normal; }
        table.importance { font-size: 12px; }
        table.importance th, table.importance td { padding: 2px 5px; }
        .pictures { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 0 20px; }
        table.confusion td { min-width: 56px; text-align: center; }
        .bar { display: inline-block; height: 9px; background: #4c72b0; vertical-align: middle;
          margin-left: 4px; }
        .weight-based .bar, .bar.weight-based { background: #c08a3e; }
        .tag { display: inline-block; font-size: 11px; font-weight: normal; color: #7a4d00;
          background: #fbeed5; border-radius: 3px; padding: 0 4px; }
        .disagrees { color: #b02a2a; font-weight: 600; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 6px 0 12px; }
        dl.facts dt { color: #555; }
        dl.facts dd { margin: 0; }
        @media print {
          body { background: #fff; font-size: 11pt; }
          nav { display: none; }
          header, main { max-width: none; padding: 0; }
          section { border: none; padding: 0; margin: 0 0 18px; }
          figure, table, dl { break-inside: avoid; }
          h2, h3, .how { break-after: avoid; }
          .scroll { overflow: visible; }
          .pictures { display: block; }
          table.importance { font-size: 7pt; }
          table.importance .bar { display: none; }
        }

        """;
}
