using System.IO.Compression;
using Mlp.Cli;
using Parquet.Serialization;

namespace Mlp.Fuzz;

/// <summary>The first inputs afl-fuzz mutates: small valid files of each kind, with a text column, gaps and quotes.</summary>
internal static class Seeds
{
    private const string Csv =
        "x1,color,\"x 2\",label\r\n0.5,red,1e-3,yes\r\n-1.25,\"blue, dark\",,no\r\n3,,2.5,yes\r\n0,red,NaN,no\r\n";

    private sealed class Row
    {
        public double X1 { get; set; }
        public string? Color { get; set; }
        public double? X2 { get; set; }
        public string Label { get; set; } = "";
    }

    public static void Write(string folder)
    {
        foreach (string kind in new[] { "csv", "gzip", "parquet", "model" })
        {
            Directory.CreateDirectory(Path.Combine(folder, kind));
        }
        string csv = Path.Combine(folder, "csv", "mixed.csv");
        File.WriteAllText(csv, Csv);
        File.WriteAllText(Path.Combine(folder, "csv", "semicolon.csv"), "a;b;y\n1;2;0\n3;4;1\n");
        using (
            var gzip = new GZipStream(
                File.Create(Path.Combine(folder, "gzip", "mixed.csv.gz")),
                CompressionLevel.Optimal
            )
        )
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(Csv));
        }
        Row[] rows =
        [
            new()
            {
                X1 = 0.5,
                Color = "red",
                X2 = 1e-3,
                Label = "yes",
            },
            new()
            {
                X1 = -1.25,
                Color = null,
                X2 = null,
                Label = "no",
            },
            new()
            {
                X1 = 3,
                Color = "blue",
                X2 = 2.5,
                Label = "yes",
            },
        ];
        using (var parquet = File.Create(Path.Combine(folder, "parquet", "mixed.parquet")))
        {
            ParquetSerializer.SerializeAsync(rows, parquet).GetAwaiter().GetResult();
        }
        var context = new CliContext
        {
            StandardOutput = Stream.Null,
            Out = TextWriter.Null,
            Error = Console.Error,
        };
        string model = Path.Combine(folder, "model", "small.mlp");
        int code = CommandLine.Run(
            [
                "train",
                csv,
                "-o",
                model,
                "--hidden",
                "3",
                "--epochs",
                "2",
                "--missing",
                "mean",
                "--missing-category",
                "-q",
            ],
            context
        );
        if (code != 0)
        {
            throw new InvalidOperationException($"training the seed model failed with exit {code}");
        }
    }
}
