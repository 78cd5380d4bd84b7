namespace Mlp.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return CommandLine.Run(args, CliContext.FromConsole(cancel.Token));
    }
}
