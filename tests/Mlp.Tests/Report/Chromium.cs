namespace Mlp.Tests.Report;

/// <summary>
/// Debian's Chromium driven over its DevTools protocol (<see cref="DevTools"/>). Where no Chromium is installed the browser tests are skipped with
/// the reason; `.ci/run` installs it.
/// </summary>
internal static class Chromium
{
    public static string Path =>
        Environment.GetEnvironmentVariable("MLP_CHROMIUM") is { Length: > 0 } path
            ? path
            : "/usr/bin/chromium";

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        File.Exists(Path)
            ? null
            : $"no Chromium at {Path}: install Debian's chromium package (`apt-get install chromium`, as .ci/run does) or set MLP_CHROMIUM to run the report's browser checks";

    internal static Task<DevTools> Launch() =>
        DevTools.Launch(
            Path,
            // A closed network: Chromium's own background connections would only fail.
            [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
            ]
        );
}

/// <summary>A test that opens pages in Chromium: skipped, with the reason, where there is none.</summary>
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        Skip = Chromium.Unavailable;
    }
}

/// <summary>A theory that opens pages in Chromium: skipped, with the reason, where there is none.</summary>
internal sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        Skip = Chromium.Unavailable;
    }
}
