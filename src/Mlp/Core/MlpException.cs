namespace Mlp;

/// <summary>
/// A failure the caller can fix: bad data, a bad model file, a bad option value, with where it
/// is (<see cref="Place"/>) and what to try (<see cref="Hint"/>). The command line prints it as
/// the contract's one line, <c>mlp: error: what (file:line, column "name")</c>, and an optional
/// <c>hint:</c> line; never with a stack trace.
/// </summary>
public class MlpException : Exception
{
    internal MlpException(
        string message,
        ErrorPlace? place = null,
        string? hint = null,
        ExitCode exitCode = ExitCode.BadInput
    )
        : base(message)
    {
        Place = place;
        Hint = hint;
        ExitCode = exitCode;
    }

    /// <summary>The file, line and column the error is at; null when it is not in a file.</summary>
    public ErrorPlace? Place { get; }

    /// <summary>What to try, when there is something to say; null otherwise.</summary>
    public string? Hint { get; }

    internal ExitCode ExitCode { get; }

    /// <summary>The same error <paramref name="lines"/> lines further down its file (for a part of a file read on its own).</summary>
    internal MlpException LinesLater(long lines) =>
        Place is { Line: > 0 } place && lines != 0
            ? new MlpException(Message, place with { Line = place.Line + lines }, Hint, ExitCode)
            : this;

    /// <summary>The same error with the file called <paramref name="name"/> where it was called <paramref name="shown"/> (an in-memory table read as standard input).</summary>
    internal MlpException InFile(string shown, string name) =>
        Place is { } place && place.File == shown
            ? new MlpException(
                Message.Replace(shown, name, StringComparison.Ordinal),
                place with
                {
                    File = name,
                },
                Hint?.Replace(shown, name, StringComparison.Ordinal),
                ExitCode
            )
            : this;

    internal string FormatLine() => $"mlp: error: {Describe()}";

    /// <summary>What went wrong and where, without the "mlp: error:" the line starts with.</summary>
    public string Describe() => Place is null ? Message : $"{Message} ({Place})";
}

/// <summary>Where in a file an error is.</summary>
/// <param name="File">The file's path as given, or "-" for standard input.</param>
/// <param name="Line">The 1-based line; 0 when the error is about the whole file.</param>
/// <param name="Column">The column's name; null when the error is not about one column.</param>
public sealed record ErrorPlace(string File, long Line = 0, string? Column = null)
{
    /// <summary>The place as error messages show it: <c>file:line, column "name"</c>.</summary>
    public override string ToString()
    {
        string text = Line > 0 ? $"{File}:{Line}" : File;
        return Column is null ? text : $"{text}, column \"{Column}\"";
    }
}

internal enum ExitCode
{
    Success = 0,
    BadInput = 1,
    Usage = 2,
    Interrupted = 130,
}
