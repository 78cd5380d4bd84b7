using System.Globalization;
using System.Net;

namespace Mlp.Cli.Report;

/// <summary>Text and numbers as the report prints them: escaped for HTML, numbers in invariant culture.</summary>
internal static class HtmlText
{
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A number with <paramref name="digits"/> significant digits, or "–" where there is none.</summary>
    public static string Number(double? value, int digits = 4) =>
        value is double v && double.IsFinite(v)
            ? v.ToString($"G{digits}", CultureInfo.InvariantCulture)
            : "–";

    /// <summary>A value with a fixed number of decimals.</summary>
    public static string Fixed(double value, int decimals) =>
        value.ToString($"F{decimals}", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
