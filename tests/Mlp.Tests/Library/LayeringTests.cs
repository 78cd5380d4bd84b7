using System.Reflection;
using System.Text.RegularExpressions;
using Mlp.Kernels;

namespace Mlp.Tests.Library;

/// <summary>
/// The layers depend one way: Mlp.Kernels (the floor) → Mlp (the library: Data, Model,
/// Training, Metrics, Explain, Export) → Mlp.Cli (the commands). A lower layer that names a
/// higher one, in its compiled references or in its source, fails here.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly Assembly Library = typeof(TrainedModel).Assembly;
    private static readonly Assembly Kernels = typeof(WorkerPool).Assembly;

    [Fact]
    public void The_library_references_neither_the_command_line_nor_its_packages()
    {
        string[] references = [.. Library.GetReferencedAssemblies().Select(a => a.Name!)];
        Assert.Contains("Mlp.Kernels", references);
        Assert.DoesNotContain(
            references,
            name => name.Equals("mlp", StringComparison.OrdinalIgnoreCase)
        );
        string[] commandLineOnly =
        [
            "System.CommandLine",
            "Spectre.Console",
            "ScottPlot",
            "SkiaSharp",
        ];
        Assert.Empty(references.Intersect(commandLineOnly));
        Assert.All(
            Library.GetTypes(),
            type => Assert.False(InCommandLine(type.Namespace), type.FullName)
        );
    }

    [Fact]
    public void The_kernels_reference_only_the_runtime()
    {
        Assert.All(
            Kernels.GetReferencedAssemblies(),
            reference => Assert.Matches("^(System(\\..+)?|netstandard|mscorlib)$", reference.Name!)
        );
        Assert.All(
            Kernels.GetTypes().Where(t => t.Namespace is not null),
            type => Assert.StartsWith("Mlp.Kernels", type.Namespace!, StringComparison.Ordinal)
        );
    }

    public static TheoryData<string, string> LowerLayers() =>
        new()
        {
            { "src/Mlp", @"\bMlp\.Cli\b" },
            {
                "src/Mlp.Kernels",
                @"\bMlp\.(Cli|Data|Model|Training|Metrics|Explain|Export)\b|\busing Mlp;"
            },
        };

    [Theory]
    [MemberData(nameof(LowerLayers))]
    public void No_source_file_of_a_lower_layer_names_a_higher_one(string folder, string higher)
    {
        var pattern = new Regex(higher);
        string root = Path.Combine(DocumentationLinkTests.Root(), folder);
        var offenders = Directory
            .EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(file =>
                !file.Contains(
                    $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}",
                    StringComparison.Ordinal
                )
            )
            .Where(file => pattern.IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(root, file));
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_public_surface_is_the_library_facade_and_its_records()
    {
        string[] expected =
        [
            "Mlp.ErrorPlace",
            "Mlp.Evaluation",
            "Mlp.ExplanationOptions",
            "Mlp.FeatureInteraction",
            "Mlp.FeatureScore",
            "Mlp.ImportanceMethod",
            "Mlp.InvalidSettingException",
            "Mlp.MlpException",
            "Mlp.ModelTask",
            "Mlp.PartialDependenceCurve",
            "Mlp.Prediction",
            "Mlp.Table",
            "Mlp.TrainedModel",
            "Mlp.TrainingDivergedException",
            "Mlp.TrainingOptions",
            "Mlp.TrainingProgress",
        ];
        Assert.Equal(expected, Library.GetExportedTypes().Select(t => t.FullName!).Order());
    }

    private static bool InCommandLine(string? name) =>
        name is not null
        && (name == "Mlp.Cli" || name.StartsWith("Mlp.Cli.", StringComparison.Ordinal));
}
