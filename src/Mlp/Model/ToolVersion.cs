namespace Mlp.Model;

/// <summary>mlp's version (every assembly of the tool has the same), as `--version` prints it and an exported ONNX file names its producer.</summary>
internal static class ToolVersion
{
    public static string Current { get; } =
        typeof(ToolVersion)
            .Assembly.GetCustomAttributes(
                typeof(System.Reflection.AssemblyInformationalVersionAttribute),
                false
            )
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>()
            .FirstOrDefault()
            ?.InformationalVersion
        ?? "";
}
