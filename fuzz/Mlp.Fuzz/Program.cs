using Mlp.Cli;
using Mlp.Data;
using Mlp.Model;
using SharpFuzz;

namespace Mlp.Fuzz;

/// <summary>
/// afl-fuzz targets for the readers: each input is written to a file of the target's kind and
/// read as `mlp` reads it (predict: CSV rows read for a model, by its column names). A reader may refuse an input only with <see cref="MlpException"/>
/// (the one-line error, exit 1); anything else escaping is a crash that afl-fuzz keeps.
/// Run by fuzz/run.sh.
/// </summary>
public static class Program
{
    private static readonly Dictionary<string, (string Extension, Action<string> Read)> Targets =
        new()
        {
            ["csv"] = (".csv", ReadTable),
            ["gzip"] = (".csv.gz", ReadTable),
            ["parquet"] = (".parquet", ReadTable),
            ["model"] = (".mlp", path => ModelFileReader.Load(path)),
            ["predict"] = (".csv", ReadRows),
        };

    /// <summary>The model predict reads with: the seed model, or MLP_FUZZ_MODEL.</summary>
    private static MlpModel? s_model;

    public static int Main(string[] args)
    {
        if (args is ["seeds", string folder])
        {
            Seeds.Write(folder);
            return 0;
        }
        if (args.Length != 1 || !Targets.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine(
                $"usage: Mlp.Fuzz {string.Join("|", Targets.Keys)} | seeds FOLDER"
            );
            return 2;
        }
        string path = Path.Combine(
            Path.GetTempPath(),
            $"mlp-fuzz-{Environment.ProcessId}{target.Extension}"
        );
        Fuzzer.Run(input =>
        {
            using (var file = File.Create(path))
            {
                input.CopyTo(file);
            }
            try
            {
                target.Read(path);
            }
            catch (MlpException) { }
        });
        return 0;
    }

    /// <summary>The streaming reader of predict and eval: a model's columns by name, in chunks, target and all.</summary>
    private static void ReadRows(string path)
    {
        // Loaded in the first run: instrumented code may run only under Fuzzer.Run.
        s_model ??= ModelFileReader.Load(
            Environment.GetEnvironmentVariable("MLP_FUZZ_MODEL")
                ?? Path.GetFullPath("seeds/model/small.mlp")
        );
        var schema = s_model.Schema;
        using var rows = FeatureRows.Open(path, schema, readTarget: true, TextWriter.Null);
        var inputs = new double[64 * schema.InputCount];
        var targets = new float[64];
        while (rows.Read(inputs, targets, 64) > 0) { }
    }

    /// <summary>The training reader with every option that adds a path: gaps filled, a gap of text its own category.</summary>
    private static void ReadTable(string path) =>
        DatasetLoader.Load(
            path,
            new DataOptions { Missing = MissingStrategy.Mean, MissingCategory = true }
        );
}
