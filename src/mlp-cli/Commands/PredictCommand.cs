using System.CommandLine;
using System.Globalization;
using System.Text;
using Mlp.Cli.Sharding;
using Mlp.Cli.Warmup;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp predict MODEL [DATA|-]`: streams predictions as CSV on stdout.</summary>
internal static class PredictCommand
{
    // Shards start at a multiple of it, so that a shard's chunks are the whole run's.
    private const int ChunkRows = CsvShard.RowsAligned;

    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.NotAnOption(
            new Argument<string>("DATA")
            {
                Description = "CSV to predict ('-' or nothing reads stdin)",
                DefaultValueFactory = _ => "-",
            }
        );
        var keep = new Option<bool>("--keep")
        {
            Description = "Write the input columns before the predictions",
        };
        var id = new Option<string?>("--id")
        {
            Description =
                "Write these input columns (e.g. an ID) before the predictions, e.g. --id customer_id[,region]",
        };
        var threshold = CommonOptions.Threshold();
        var positive = CommonOptions.Positive();
        var sharding = new ShardOptions();
        var command = new Command(
            "predict",
            "Write predictions for each row of a CSV file as CSV on stdout"
        )
        {
            model,
            data,
            keep,
            id,
            threshold,
            positive,
        };
        sharding.AddTo(command);
        command.SetAction(parse =>
        {
            (string, string?)[] inputs =
            [
                ("model", parse.GetValue(model)),
                ("data", parse.GetValue(data)),
            ];
            var (submitted, shards) = sharding.Resolve(parse, context, "predict", inputs);
            if (submitted is int code)
            {
                return code;
            }
            var warmup = ForwardWarmup.Start();
            if (
                parse.GetValue(data) == "-"
                && context.StandardInput is null
                && !Console.IsInputRedirected
            )
            {
                context.Note("reading CSV from stdin (a header row, then rows; end with Ctrl-D)");
            }
            OptionParsing.OnlyWhere(
                parse,
                id,
                !parse.GetValue(keep),
                "without --keep (which writes every input column)"
            );
            var passed =
                parse.GetValue(keep) ? PassedColumns.All
                : parse.GetValue(id) is string names
                    ? PassedColumns.Named(OptionParsing.List(names))
                : PassedColumns.None;
            var loaded = CommonOptions.WithPositive(
                parse,
                positive,
                ModelFileReader.Load(parse.GetValue(model)!)
            );
            float cut = CommonOptions.Threshold(parse, threshold, loaded);
            warmup.Wait(context.Cancel);
            Run(loaded, parse.GetValue(data)!, passed, cut, context, shards);
            return 0;
        });
        return command;
    }

    /// <summary>Rows parsed ahead of the ones being predicted and written: constant memory, whatever the file's length.</summary>
    private const int ChunksInFlight = 3;

    /// <summary>What the parsed pieces in flight may hold, all workers together (settable for the tests).</summary>
    internal static long PieceBytes { get; set; } = 64L << 20;

    /// <summary>
    /// Rows per piece of a file parsed on every core: as many chunks as the workers' share of
    /// <see cref="PieceBytes"/> holds at this width, from 1 to 16 (each worker keeps a whole
    /// piece in flight, so that none waits while the output takes another's piece).
    /// </summary>
    private static int PieceRows(int width, int workers) =>
        (int)Math.Clamp(PieceBytes / workers / ((long)ChunkRows * width * sizeof(double)), 1, 16)
        * ChunkRows;

    /// <summary>Files from this size on are parsed as several parts at once (settable for the tests).</summary>
    internal static long ParallelBytes { get; set; } = 8L << 20;

    /// <summary>Files from this size on are parsed on a thread of their own (settable for the tests).</summary>
    internal static long ThreadedBytes { get; set; } = 1L << 20;

    /// <summary>
    /// Streams the predictions: one thread parses the next chunk of rows while this one predicts,
    /// formats and writes the last, in file order. A bad row stops the run after every row
    /// before its chunk is written; a closed output stops the parsing too.
    /// </summary>
    public static void Run(
        MlpModel model,
        string dataPath,
        PassedColumns passed,
        float threshold,
        CliContext context,
        ShardRun? sharded = null
    )
    {
        var schema = model.Schema;
        var shard = sharded?.Shard;
        // A plain CSV file of some size is parsed as pieces at once, on every core; another
        // file of some size on one thread of its own; a small file, or a pipe whose rows come as
        // they come, on this thread.
        long bytes = dataPath != "-" && File.Exists(dataPath) ? new FileInfo(dataPath).Length : 0;
        bool plainCsv =
            bytes >= ParallelBytes
            && !ParquetTable.IsParquet(dataPath)
            && !CsvSource.IsCompressed(dataPath);
        int threads = WorkerPool.Threads;
        var pieces =
            shard is null && plainCsv
                ? CsvShard.Pieces(dataPath, PieceRows(schema.InputCount, threads))
                : null;
        var firstPiece = pieces?.Invoke(0);
        int workers =
            firstPiece is not null ? threads
            : bytes >= ThreadedBytes ? 1
            : 0;
        // The readers of one file's pieces warn of an unseen category once between them.
        var warned = RowEncoder.WarningFlags(schema);
        IFeatureRows Open(CsvShard? piece) =>
            piece is null
                ? FeatureRows.Open(
                    dataPath,
                    schema,
                    readTarget: false,
                    context.Error,
                    context.StandardInput,
                    dialect: context.Dialect,
                    shard: shard
                )
                : new FeatureReader(
                    dataPath,
                    schema,
                    readTarget: false,
                    context.Error,
                    dialect: context.Dialect,
                    piece: piece,
                    warned: warned
                );
        using var reader = Open(firstPiece);
        var line = new StringBuilder();
        var output = context.Out;
        var outputColumns = OutputColumns(schema).ToArray();
        int[] columns = passed.Indices(reader.Headers, reader.File);
        bool keep = columns.Length > 0;
        foreach (int column in columns)
        {
            // An input column named like an output column is written as input_NAME: never twice.
            string header = reader.Headers[column];
            string name = outputColumns.Contains(CsvText.Field(header))
                ? $"input_{header}"
                : header;
            line.Append(CsvText.Field(name)).Append(',');
        }
        if (sharded is not null)
        {
            // A shard's rows go under its header line, which merge reads and drops.
            output.Flush();
            context.StandardOutput.Write(sharded.HeaderLine());
        }
        output.Write(line.Append(string.Join(",", outputColumns)).Append('\n'));
        output.Flush();
        using var parsed = new RowChunks(
            segment =>
                segment == 0 ? (reader, false)
                : pieces?.Invoke(segment) is { } piece ? (Open(piece), true)
                : null,
            workers,
            schema.InputCount,
            ChunkRows,
            firstPiece is null
                ? ChunksInFlight
                : PieceRows(schema.InputCount, threads) / ChunkRows + 2,
            keep ? columns : null,
            context.Cancel
        );
        var text = new PredictionText(model, ChunkRows, threshold);
        var stdout = context.StandardOutput;
        // The parsers have a core each: the products use what is left, for this call only.
        WorkerPool.WithThreads(
            Math.Max(1, threads - workers),
            () =>
            {
                foreach (var chunk in parsed.Ready())
                {
                    var lines = text.Write(chunk.Inputs, chunk.Rows, chunk.Kept);
                    parsed.Release(chunk);
                    stdout.Write(lines);
                    stdout.Flush();
                }
                return 0;
            }
        );
    }

    /// <summary>regression: prediction; binary: p_&lt;positive class&gt;,label; multiclass: p_&lt;class&gt;…,label.</summary>
    public static IEnumerable<string> OutputColumns(Schema schema) =>
        schema.Task switch
        {
            TaskKind.Regression => ["prediction"],
            TaskKind.Binary => [CsvText.Field($"p_{schema.PositiveClass}"), "label"],
            _ => schema.Classes.Select(name => CsvText.Field($"p_{name}")).Append("label"),
        };
}
