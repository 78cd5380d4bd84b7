using System.Text.RegularExpressions;

namespace Mlp.Tests;

/// <summary>
/// Every link in the repository's own documentation that is not a web address leads to a file
/// or folder of the repository (a clone has nothing beside it), and no text sends the reader
/// outside it by a relative path.
/// </summary>
public sealed partial class DocumentationLinkTests
{
    internal static string Root()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "mlp-cli.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName
            ?? throw new InvalidOperationException("no mlp-cli.sln above the tests");
    }

    public static TheoryData<string> Documents() =>
        [
            "README.md",
            "bench/README.md",
            "docs/CONTRACT.md",
            "docs/choices.md",
            "docs/library.md",
            "docs/model-format.md",
            "src/Mlp/README.md",
        ];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_resolves_inside_the_repository(string document)
    {
        string root = Root();
        string path = Path.Combine(root, document);
        string text = File.ReadAllText(path);
        string folder = Path.GetDirectoryName(path)!;
        foreach (Match link in MarkdownLink().Matches(text))
        {
            string target = link.Groups[1].Value.Split('#')[0];
            if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal))
            {
                continue;
            }
            string resolved = Path.GetFullPath(Path.Combine(folder, target));
            Assert.True(
                resolved.StartsWith(root, StringComparison.Ordinal)
                    && (File.Exists(resolved) || Directory.Exists(resolved)),
                $"{document}: the link {link.Value} leads nowhere in the repository"
            );
        }
        Assert.DoesNotContain("../shared", text);
    }

    /// <summary>The README is a newcomer's page: short, and every link in it stays in the clone.</summary>
    [Fact]
    public void The_readme_is_short_and_links_nothing_outside_the_repository()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Root(), "README.md"));
        Assert.InRange(lines.Length, 1, 200);
        Assert.DoesNotContain(lines, line => line.Contains("://", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
