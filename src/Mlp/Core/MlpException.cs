namespace Mlp;

/// <summary>
/// A failure the user can fix: bad data, a bad model file, a bad option value. Printed as
/// the contract's one line, <c>mlp: error: what (file:line, column "name")</c>, and an
/// optional <c>hint:</c> line; never with a stack trace.
/// </summary>
internal class MlpException : Exception
{
    public MlpException(
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

    public ErrorPlace? Place { get; }
    public string? Hint { get; }
    public ExitCode ExitCode { get; }

    /// <summary>The same error <paramref name="lines"/> lines further down its file (for a part of a file read on its own).</summary>
    public MlpException LinesLater(long lines) =>
        Place is { Line: > 0 } place && lines != 0
            ? new MlpException(Message, place with { Line = place.Line + lines }, Hint, ExitCode)
            : this;

    public string FormatLine() => $"mlp: error: {Describe()}";

    /// <summary>What went wrong and where, without the "mlp: error:" the line starts with.</summary>
    public string Describe() => Place is null ? Message : $"{Message} ({Place})";
}

/// <summary>A bad option value or a missing argument: exit code 2.</summary>
internal sealed class UsageException(string message, string? hint = null)
    : MlpException(message, null, hint, ExitCode.Usage);

/// <summary>Where in a file an error is: file, optional 1-based line, optional column name.</summary>
internal sealed record ErrorPlace(string File, long Line = 0, string? Column = null)
{
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
