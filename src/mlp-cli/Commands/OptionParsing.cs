using System.CommandLine;
using System.Globalization;

namespace Mlp.Cli.Commands;

/// <summary>Turns option text into typed values; a bad value is a usage error (exit 2) that quotes it.</summary>
internal static class OptionParsing
{
    public static IReadOnlyList<string> List(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split(
                ',',
                StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries
            );

    /// <summary>"64,32" → [64, 32]; "none" → [] (a linear or logistic model).</summary>
    public static int[] HiddenSizes(string text)
    {
        if (text.Trim() == "none")
        {
            return [];
        }
        var parts = List(text);
        var sizes = new int[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            if (
                !int.TryParse(
                    parts[i],
                    NumberStyles.None,
                    CultureInfo.InvariantCulture,
                    out sizes[i]
                )
                || sizes[i] < 1
                || sizes[i] > 1 << 16
            )
            {
                throw new UsageException(
                    $"--hidden '{text}' is not a list of layer sizes",
                    "write sizes like 64,32, or none for no hidden layer"
                );
            }
        }
        return parts.Count == 0
            ? throw new UsageException("--hidden needs at least one size, or none")
            : sizes;
    }

    /// <summary>The --batch-size text of a batch size: 0 is "full".</summary>
    public static string BatchSizeText(int size) =>
        size == 0 ? "full" : size.ToString(CultureInfo.InvariantCulture);

    /// <summary>"32" → 32; "full" → 0 (the whole training set per step).</summary>
    public static int BatchSize(string text) => PositiveOr(text, "full", "--batch-size") ?? 0;

    /// <summary>"100" → 100; "auto" → null (chosen by early stopping, Training.EpochSearch).</summary>
    public static int? Epochs(string text) => PositiveOr(text, "auto", "--epochs");

    /// <summary>"3" → 3; "auto" → 0 (chosen from the rows, Training.Ensemble.MembersFor).</summary>
    public static int Ensemble(string text) => PositiveOr(text, "auto", "--ensemble") ?? 0;

    /// <summary>--label-smoothing: a fraction in [0, 1), or null for auto; else a usage error.</summary>
    public static float? LabelSmoothing(string text)
    {
        if (text.Trim() == "auto")
        {
            return null;
        }
        return
            float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
            && value is >= 0 and < 1
            ? value
            : throw new UsageException(
                $"--label-smoothing '{text}' is not a fraction in [0, 1) or 'auto'"
            );
    }

    /// <summary>A positive whole number, or null for <paramref name="keyword"/>; else a usage error.</summary>
    private static int? PositiveOr(string text, string keyword, string option)
    {
        if (text.Trim() == keyword)
        {
            return null;
        }
        return
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            && value > 0
            ? value
            : throw new UsageException(
                $"{option} '{text}' is not a positive number or '{keyword}'"
            );
    }

    /// <summary>Whether the option was given on the command line (not just its default).</summary>
    public static bool Given(ParseResult parse, Option option) =>
        parse.GetResult(option) is { Implicit: false };

    /// <summary>An option given where it would do nothing is a usage error, not silently ignored.</summary>
    public static void OnlyWhere(ParseResult parse, Option option, bool applies, string where)
    {
        if (!applies && Given(parse, option))
        {
            throw new UsageException(
                $"{option.Name} applies only {where}",
                $"drop {option.Name}, or see 'mlp {parse.CommandResult.Command.Name} --help'"
            );
        }
    }

    public static void Check(bool valid, string message)
    {
        if (!valid)
        {
            throw new UsageException(message);
        }
    }
}
