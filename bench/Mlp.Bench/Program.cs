using BenchmarkDotNet.Running;

namespace Mlp.Bench;

internal static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "profile")
        {
            Profile.Run();
            return;
        }
        if (args.Length > 0 && args[0] == "layout")
        {
            LayoutProbe.Run();
            LayoutProbe.Threads();
            return;
        }
        if (args.Length > 0 && args[0] == "importance")
        {
            ImportanceProbe.Run();
            return;
        }
        if (args.Length > 1 && args[0] == "ingest")
        {
            IngestProbe.Run(args[1]);
            return;
        }
        if (args.Length > 2 && args[0] == "predict")
        {
            PredictProbe.Run(args[1], args[2]);
            return;
        }
        if (args.Length > 1 && args[0] == "breakdown")
        {
            Breakdown.Run(args[1]);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
