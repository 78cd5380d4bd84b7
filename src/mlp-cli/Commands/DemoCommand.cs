using System.CommandLine;
using System.Reflection;
using Mlp.Cli.Data;
using Mlp.Cli.Model;
using Mlp.Cli.Plot;
using Mlp.Kernels;

namespace Mlp.Cli.Commands;

/// <summary>
/// `mlp demo`: the tour — the breast-cancer data shipped inside the tool split into training
/// and held-out rows (train, loss curve, evaluate, weights JSON, heatmap, network picture), the
/// generated influence data (every importance method side by side, as a table and a chart),
/// and two moons (decision regions, the hidden layer's view, the training animation); then the
/// list of what was written.
/// </summary>
internal static class DemoCommand
{
    private const string DataResource = "breast_cancer.csv";
    private const double HeldOutFraction = 0.2;

    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out")
        {
            Description = "Folder to write the demo's files into",
            DefaultValueFactory = _ => "mlp-demo",
        };
        var seed = CommonOptions.Seed();
        var quiet = CommonOptions.Quiet();
        var command = new Command(
            "demo",
            "Run the whole tour on the breast-cancer data set shipped in the tool"
        )
        {
            output,
            seed,
            quiet,
        };
        command.SetAction(parse =>
        {
            Run(parse.GetValue(output)!, parse.GetValue(seed), parse.GetValue(quiet), context);
            return 0;
        });
        return command;
    }

    public static void Run(string folder, long seed, bool quiet, CliContext context)
    {
        Directory.CreateDirectory(folder);
        var output = context.Out;
        string trainPath = Path.Combine(folder, "breast_cancer_train.csv");
        string testPath = Path.Combine(folder, "breast_cancer_test.csv");
        string modelPath = Path.Combine(folder, "model.mlp");
        string weightsPath = Path.Combine(folder, "weights.json");
        string lossPath = Path.Combine(folder, "loss.png");
        string heatmapPath = Path.Combine(folder, "weights_heatmap.png");
        string networkPath = Path.Combine(folder, "network.png");
        string importancePath = Path.Combine(folder, "importance.png");
        string moonsPath = Path.Combine(folder, "moons.csv");
        string moonsModelPath = Path.Combine(folder, "moons.mlp");
        string boundaryPath = Path.Combine(folder, "moons_boundary.png");
        string animationPath = Path.Combine(folder, "moons_training.gif");
        SplitShippedData(trainPath, testPath, seed);

        output.WriteLine(
            "== mlp demo: breast cancer (569 tumours, 30 measurements, benign or malignant) =="
        );
        output.WriteLine();
        output.WriteLine(
            $"$ mlp train {trainPath} --hidden 16 --epochs 60 -o {modelPath} --plot-loss {lossPath}"
        );
        var settings = new TrainingSettings
        {
            Hidden = [16],
            Epochs = 60,
            Seed = seed,
        };
        var request = new TrainRequest(trainPath, modelPath, new DataOptions(), settings, null)
        {
            Quiet = quiet,
            PlotLossPath = lossPath,
        };
        TrainRun.Run(request, context);

        output.WriteLine();
        output.WriteLine($"$ mlp eval {modelPath} {testPath}   (rows the model never saw)");
        var model = ModelFileReader.Load(modelPath);
        var (rows, metrics) = EvalCommand.Evaluate(model, testPath, 0.5f, context);
        EvalCommand.Write(model.Schema, rows, metrics, json: false, output);

        AtomicFile.Write(weightsPath, stream => WeightsJson.Write(model, stream));
        output.WriteLine();
        output.WriteLine($"$ mlp heatmap {modelPath} -o {heatmapPath}");
        ImageFile.WritePng(heatmapPath, HeatmapChart.Draw(model, 0, annotate: false).Canvas);
        output.WriteLine($"$ mlp network {modelPath} -o {networkPath}");
        ImageFile.WritePng(networkPath, NetworkChart.Draw(model));

        string influencePath = Path.Combine(folder, "influence.csv");
        string influenceModelPath = Path.Combine(folder, "influence.mlp");
        WriteText(influencePath, InfluenceData.Csv(5000, seed));
        output.WriteLine();
        output.WriteLine(
            "== which conditions drive an event? 5 conditions with true influences 3, -2, 1, 0.5, 0 =="
        );
        output.WriteLine();
        output.WriteLine(
            $"$ mlp train {influencePath} --hidden 12 --epochs 30 -o {influenceModelPath}"
        );
        var influenceSettings = new TrainingSettings
        {
            Hidden = [12],
            Epochs = 30,
            Seed = seed,
        };
        TrainRun.Run(
            new TrainRequest(
                influencePath,
                influenceModelPath,
                new DataOptions(),
                influenceSettings,
                null
            )
            {
                Quiet = quiet,
            },
            context
        );
        output.WriteLine();
        output.WriteLine(
            $"$ mlp importance {influenceModelPath} {influencePath} --method all --plot {importancePath}"
        );
        context.Out.Flush();
        CommandLine.Run(
            [
                "importance",
                influenceModelPath,
                influencePath,
                "--method",
                "all",
                "--seed",
                seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--plot",
                importancePath,
            ],
            context
        );
        output.WriteLine();
        output.WriteLine(
            "Permutation, integrated gradients and Shapley values put c1 > c2 > c3 > c4 > c5, the true order;"
        );
        output.WriteLine(
            "the weight sums (first-layer, garson) give c5, which has no influence at all, a sizeable share."
        );
        Moons(moonsPath, moonsModelPath, boundaryPath, animationPath, seed, quiet, context);
        output.WriteLine();
        output.WriteLine($"wrote into {folder}:");
        foreach (
            var path in new[]
            {
                trainPath,
                testPath,
                modelPath,
                weightsPath,
                influencePath,
                influenceModelPath,
                lossPath,
                heatmapPath,
                networkPath,
                importancePath,
                moonsPath,
                moonsModelPath,
                boundaryPath,
                animationPath,
            }
        )
        {
            output.WriteLine(
                $"  {Path.GetFileName(path), -26} {new FileInfo(path).Length, 9:N0} bytes"
            );
        }
        output.WriteLine();
        output.WriteLine($"next: mlp predict {modelPath} {testPath} --keep | head");
    }

    /// <summary>Two moons: a network whose second hidden layer has two units, so the boundary picture shows how it unbends the moons.</summary>
    private static void Moons(
        string dataPath,
        string modelPath,
        string boundaryPath,
        string animationPath,
        long seed,
        bool quiet,
        CliContext context
    )
    {
        var output = context.Out;
        WriteText(dataPath, MoonsData.Csv(400, seed));
        output.WriteLine();
        output.WriteLine("== two moons: how a network bends the plane ==");
        output.WriteLine();
        output.WriteLine(
            $"$ mlp train {dataPath} --hidden 8,2 --activation tanh --lr 0.01 --epochs 200 -o {modelPath} --animate {animationPath} --frame-every 2"
        );
        var settings = new TrainingSettings
        {
            Hidden = [8, 2],
            Activation = Activation.Tanh,
            LearningRate = 0.01f,
            Epochs = 200,
            Seed = seed,
        };
        TrainRun.Run(
            new TrainRequest(dataPath, modelPath, new DataOptions(), settings, null)
            {
                Quiet = quiet,
                AnimatePath = animationPath,
                FrameEvery = 2,
            },
            context
        );
        output.WriteLine();
        output.WriteLine($"$ mlp boundary {modelPath} {dataPath} -o {boundaryPath}");
        var model = ModelFileReader.Load(modelPath);
        var (inputs, targets) = LabelledRows.Read(model, dataPath, readTarget: true, context);
        ImageFile.WritePng(
            boundaryPath,
            BoundaryChart.Draw(model, new PlotData(inputs, targets), 0, 1, 200)
        );
        output.WriteLine(
            "The middle and right panels show the data as the 2-unit layer sees it: the moons pulled apart."
        );
    }

    /// <summary>Writes a seeded 80/20 split of the shipped CSV (header on both parts).</summary>
    private static void SplitShippedData(string trainPath, string testPath, long seed)
    {
        using var resource =
            Assembly.GetExecutingAssembly().GetManifestResourceStream(DataResource)
            ?? throw new InvalidOperationException("the demo data set is missing from the tool");
        using var text = new StreamReader(resource);
        var lines = text.ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\r'))
            .ToArray();
        var order = Enumerable.Range(1, lines.Length - 1).ToArray();
        Rng.For(seed, RngStream.RowSample).Shuffle(order);
        int heldOut = (int)Math.Round(order.Length * HeldOutFraction);
        WriteLines(testPath, lines[0], order[..heldOut].Order().Select(i => lines[i]));
        WriteLines(trainPath, lines[0], order[heldOut..].Order().Select(i => lines[i]));
    }

    private static void WriteLines(string path, string header, IEnumerable<string> rows) =>
        AtomicFile.Write(
            path,
            stream =>
            {
                using var writer = new StreamWriter(
                    stream,
                    new System.Text.UTF8Encoding(false),
                    1 << 16,
                    leaveOpen: true
                );
                writer.Write(header + "\n");
                foreach (var row in rows)
                {
                    writer.Write(row + "\n");
                }
            }
        );

    private static void WriteText(string path, string text) =>
        AtomicFile.Write(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)));
}
