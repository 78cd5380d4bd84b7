namespace Mlp.Cli;

/// <summary>A bad option value or a missing argument: exit code 2.</summary>
internal sealed class UsageException(string message, string? hint = null)
    : MlpException(message, null, hint, ExitCode.Usage);
