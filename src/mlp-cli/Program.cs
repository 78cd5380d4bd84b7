using Mlp.Cli.Warmup;
using Mlp.Data;
using Mlp.Model;

namespace Mlp.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        // The JIT's one-time work for the command runs while the runtime sets up the console
        // and parses the command line (and predict reads its model).
        switch (args.Length > 0 ? args[0] : "")
        {
            case "predict":
                ForwardWarmup.Start();
                break;
            case "train":
                ReaderWarmup.Start();
                break;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return CommandLine.Run(args, CliContext.FromConsole(cancel.Token));
    }
}
