using System.Text;
using Mlp.Cli.Plot;

namespace Mlp.Cli.Report;

/// <summary>
/// The report page as it is built: sections in order, each a heading, one sentence on how to
/// read it, then tables, pictures (inline SVG) and notes. Cells and paragraphs are HTML the
/// sections escaped themselves; headings and sentences are escaped here.
/// </summary>
internal sealed class HtmlReport
{
    private readonly StringBuilder _body = new();
    private readonly List<(string Id, string Title)> _contents = [];
    private int _pictures;

    public void Section(string id, string title, string howToRead, Action content)
    {
        _contents.Add((id, title));
        _body.Append($"<section id=\"{id}\">\n<h2>{HtmlText.Escape(title)}</h2>\n");
        _body.Append($"<p class=\"how\">{HtmlText.Escape(howToRead)}</p>\n");
        content();
        _body.Append("</section>\n");
    }

    public void Heading(string text) => _body.Append($"<h3>{HtmlText.Escape(text)}</h3>\n");

    /// <summary>A paragraph of HTML.</summary>
    public void Paragraph(string html) => _body.Append($"<p>{html}</p>\n");

    /// <summary>A remark in a quieter style: what was left out and why.</summary>
    public void Note(string text) =>
        _body.Append($"<p class=\"note\">{HtmlText.Escape(text)}</p>\n");

    /// <summary>
    /// A table of HTML cells; the first column is a row header. Numbers are right-aligned;
    /// the columns in <paramref name="textColumns"/> hold words and are left-aligned.
    /// </summary>
    public void Table(
        IReadOnlyList<string> header,
        IEnumerable<IReadOnlyList<string>> rows,
        string cssClass = "data",
        params int[] textColumns
    )
    {
        _body.Append($"<div class=\"scroll\"><table class=\"{cssClass}\">\n<thead><tr>");
        for (int i = 0; i < header.Count; i++)
        {
            _body.Append(
                textColumns.Contains(i)
                    ? $"<th class=\"text\">{header[i]}</th>"
                    : $"<th>{header[i]}</th>"
            );
        }
        _body.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            for (int i = 0; i < row.Count; i++)
            {
                _body.Append(
                    i == 0 ? $"<th scope=\"row\">{row[i]}</th>"
                    : textColumns.Contains(i) ? $"<td class=\"text\">{row[i]}</td>"
                    : $"<td>{row[i]}</td>"
                );
            }
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody></table></div>\n");
    }

    /// <summary>Name–value pairs as a definition list.</summary>
    public void Facts(IEnumerable<(string Name, string Html)> facts)
    {
        _body.Append("<dl class=\"facts\">\n");
        foreach (var (name, html) in facts)
        {
            _body.Append($"<dt>{HtmlText.Escape(name)}</dt><dd>{html}</dd>\n");
        }
        _body.Append("</dl>\n");
    }

    /// <summary>Pictures side by side where the page is wide enough (one column in print).</summary>
    public void PictureGrid(Action pictures)
    {
        _body.Append("<div class=\"pictures\">\n");
        pictures();
        _body.Append("</div>\n");
    }

    public void Picture(Figure figure, string caption)
    {
        string svg = InlineSvg.Of(figure, $"p{++_pictures}");
        _body.Append(
            $"<figure>\n{svg}\n<figcaption>{HtmlText.Escape(caption)}</figcaption>\n</figure>\n"
        );
    }

    /// <summary>The whole page: head with the style, title, facts about the run, contents, sections.</summary>
    public string Render(string title, string subtitleHtml)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.Append(
            $"<title>{HtmlText.Escape(title)}</title>\n<style>\n{ReportStyle.Css}</style>\n"
        );
        page.Append("</head>\n<body>\n<header>\n");
        page.Append(
            $"<h1>{HtmlText.Escape(title)}</h1>\n<p class=\"subtitle\">{subtitleHtml}</p>\n"
        );
        page.Append("<nav><ol>");
        foreach (var (id, heading) in _contents)
        {
            page.Append($"<li><a href=\"#{id}\">{HtmlText.Escape(heading)}</a></li>");
        }
        page.Append("</ol></nav>\n</header>\n<main>\n");
        page.Append(_body);
        page.Append("</main>\n</body>\n</html>\n");
        return page.ToString();
    }
}
