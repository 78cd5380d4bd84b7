using System.Text;
using Mlp.Data;

namespace Mlp.Cli.Warmup;

/// <summary>
/// Compiles the data loader (the CSV reader, the number parser, the column builder) on a
/// background thread by loading a made-up CSV from memory: started before the command line is
/// parsed, the JIT's one-time work overlaps the parsing instead of the start of the load.
/// </summary>
internal static class ReaderWarmup
{
    private static readonly Lazy<Task> Started = new(() => BackgroundWork.Start(Load));

    /// <summary>Starts the warm-up once per process; later calls return the same task.</summary>
    public static Task Start() => Started.Value;

    private static void Load()
    {
        var csv = new MemoryStream(
            Encoding.UTF8.GetBytes("x,kind,y\n1.5,a,2\n,b,3.25\n-4e-3,a,1\n")
        );
        RawTable.Read("-", csv, headers => headers, new HashSet<string>());
    }
}
