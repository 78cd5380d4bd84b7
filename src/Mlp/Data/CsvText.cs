using System.Text;

namespace Mlp.Data;

/// <summary>Writing CSV fields: quoted (with doubled quotes) only when they hold a separator, quote or line break.</summary>
internal static class CsvText
{
    public static void AppendField(StringBuilder line, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(value);
            return;
        }
        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    public static string Field(string value)
    {
        var line = new StringBuilder();
        AppendField(line, value);
        return line.ToString();
    }
}
