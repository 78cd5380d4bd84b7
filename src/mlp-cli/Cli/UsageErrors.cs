using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Mlp.Cli;

/// <summary>
/// The command-line parser's errors as the contract's one line and a hint: a value of the
/// wrong type or outside an option's choices names the option and what it takes, and an
/// unknown command or option suggests the nearest one.
/// </summary>
internal static partial class UsageErrors
{
    public static (string Message, string Hint) Describe(
        ParseResult parsed,
        IEnumerable<string> commands
    )
    {
        var command = parsed.CommandResult.Command;
        string help = command is RootCommand ? "mlp --help" : $"mlp {command.Name} --help";
        string seeHelp = $"see '{help}' for the options";
        if (command is RootCommand && parsed.UnmatchedTokens.FirstOrDefault() is { } unknown)
        {
            return UnknownCommand(unknown, commands);
        }
        if (parsed.UnmatchedTokens.FirstOrDefault(t => t.StartsWith("--")) is { } unknownOption)
        {
            var names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct();
            string? nearest = TextList.Closest(unknownOption, names);
            return (
                $"unrecognized option '{unknownOption}'",
                nearest is null ? seeHelp : $"did you mean '{nearest}'? ({seeHelp})"
            );
        }
        var error = parsed.Errors[0];
        string? option = OptionOf(error.SymbolResult);
        var wrongType = WrongType().Match(error.Message);
        if (wrongType.Success)
        {
            string name = option ?? wrongType.Groups["option"].Value;
            return (
                $"{name} '{wrongType.Groups["value"].Value}' is not {TypeWords(wrongType.Groups["type"].Value)}",
                seeHelp
            );
        }
        var notAChoice = NotAChoice().Match(error.Message);
        if (notAChoice.Success)
        {
            var choices = Choice().Matches(error.Message).Select(m => m.Groups[1].Value).ToArray();
            string value = notAChoice.Groups["value"].Value;
            string? closest = TextList.Closest(value, choices);
            return (
                $"{option ?? "the value"} '{value}' is not one of: {string.Join(", ", choices)}",
                closest is null ? seeHelp : $"did you mean '{closest}'?"
            );
        }
        return (OneLine(error.Message), seeHelp);
    }

    private static (string, string) UnknownCommand(string token, IEnumerable<string> commands)
    {
        if (token.StartsWith('-'))
        {
            return ($"unrecognized option '{token}'", "see 'mlp --help' for the commands");
        }
        string? closest = TextList.Closest(token, commands);
        return (
            $"unknown command '{token}'",
            closest is null
                ? $"the commands are: {string.Join(", ", commands)}"
                : $"did you mean 'mlp {closest}'?"
        );
    }

    /// <summary>The option an argument error belongs to, as the user typed its name.</summary>
    private static string? OptionOf(SymbolResult? result) =>
        result switch
        {
            OptionResult option => option.Option.Name,
            ArgumentResult { Parent: OptionResult option } => option.Option.Name,
            _ => null,
        };

    private static string TypeWords(string type) =>
        type switch
        {
            "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" =>
                "a whole number",
            "System.Single" or "System.Double" or "System.Nullable`1[System.Single]" => "a number",
            "System.Boolean" => "true or false",
            _ => "a valid value",
        };

    private static string OneLine(string message)
    {
        string text = Regex.Replace(message, @"\s+", " ").Trim().TrimEnd('.');
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }

    [GeneratedRegex(
        @"Cannot parse argument '(?<value>.*)' for option '(?<option>[^']*)' as expected type '(?<type>[^']*)'"
    )]
    private static partial Regex WrongType();

    [GeneratedRegex(@"Argument '(?<value>.*)' not recognized\. Must be one of:")]
    private static partial Regex NotAChoice();

    [GeneratedRegex(@"^\s*'([^']*)'\s*$", RegexOptions.Multiline)]
    private static partial Regex Choice();
}
