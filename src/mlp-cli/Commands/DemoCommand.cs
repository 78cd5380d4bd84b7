using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text;
using Mlp.Data;

namespace Mlp.Cli.Commands;

/// <summary>
/// `mlp demo`: the tour — the breast-cancer data shipped inside the tool split into training
/// and held-out rows (train, loss curve, evaluate, weights JSON, heatmap, network picture, the
/// HTML report on the held-out rows), the
/// generated influence data (every importance method side by side, as a table and a chart, and
/// one condition's partial dependence with ICE curves), generated y = x1·x2 + x3 (the
/// H-statistic and the two-way partial dependence of the interacting pair), and two moons
/// (decision regions, the hidden layer's view, the training animation, the activation ×
/// learning-rate sweep); then the list of what was written. Every step is an `mlp` command line, printed and then run as a
/// user would type it.
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
            Run(parse.GetValue(output)!, parse.GetValue(seed), parse.GetValue(quiet), context)
        );
        return command;
    }

    /// <summary>Runs the tour; returns the exit code of the first step that failed, or 0.</summary>
    public static int Run(string folder, long seed, bool quiet, CliContext context)
    {
        if (File.Exists(folder))
        {
            throw new UsageException(
                $"--out '{folder}' is a file: the demo writes its files into a folder"
            );
        }
        Directory.CreateDirectory(folder);
        var tour = new Tour(folder, seed, quiet, context);
        var output = context.Out;
        string train = tour.File("breast_cancer_train.csv");
        string test = tour.File("breast_cancer_test.csv");
        string model = tour.File("model.mlp");
        SplitShippedData(train, test, seed, context);

        output.WriteLine(
            "== mlp demo: breast cancer (569 tumours, 30 measurements, benign or malignant) =="
        );
        // First what `mlp train data.csv` gives with every default (an ensemble whose epochs,
        // width and size are chosen from the data), then a small network to look inside.
        string best = tour.File("default.mlp");
        bool ok =
            tour.Step("train", train, "-o", best)
            && tour.Step("eval", best, test)
            && tour.Step(
                "train",
                train,
                "--hidden",
                "16",
                "--epochs",
                "60",
                "-o",
                model,
                "--plot-loss",
                tour.File("loss.png")
            )
            && tour.Step("eval", model, test)
            && tour.Step("weights", model, "-o", tour.File("weights.json"))
            && tour.Step("heatmap", model, "-o", tour.File("weights_heatmap.png"))
            && tour.Step("network", model, "-o", tour.File("network.png"))
            && tour.Step("report", model, test, "-o", tour.File("report.html"))
            && Influence(tour, seed, context)
            && Interactions(tour, seed, context)
            && Moons(tour, seed, context);
        if (!ok)
        {
            return tour.ExitCode;
        }
        output.WriteLine();
        output.WriteLine($"wrote into {folder}:");
        foreach (string path in tour.Written)
        {
            output.WriteLine(
                $"  {Path.GetFileName(path), -26} {new FileInfo(path).Length, 9:N0} bytes"
            );
        }
        output.WriteLine();
        output.WriteLine(
            $"the breast-cancer model on one page: {tour.File("report.html")} (open it in a browser)"
        );
        output.WriteLine($"next: mlp predict {model} {test} --keep | head");
        return 0;
    }

    private static bool Influence(Tour tour, long seed, CliContext context)
    {
        var output = context.Out;
        string data = tour.File("influence.csv");
        string model = tour.File("influence.mlp");
        WriteText(data, InfluenceData.Csv(5000, seed), context);
        output.WriteLine();
        output.WriteLine(
            "== which conditions drive an event? 5 conditions with true influences 3, -2, 1, 0.5, 0 =="
        );
        bool ok =
            tour.Step("train", data, "--hidden", "12", "--epochs", "30", "-o", model)
            && tour.Step(
                "importance",
                model,
                data,
                "--method",
                "all",
                "--plot",
                tour.File("importance.png")
            );
        if (!ok)
        {
            return false;
        }
        output.WriteLine();
        output.WriteLine(
            "Permutation, integrated gradients, Shapley values, partial dependence and LIME put c1 > c2 > c3 > c4 > c5,"
        );
        output.WriteLine(
            "the true order; the weight sums (first-layer, garson) give c5, which has no influence at all, a sizeable share."
        );
        ok = tour.Step(
            "pdp",
            model,
            data,
            "--features",
            "c1",
            "--grid",
            "11",
            "--kind",
            "both",
            "--plot",
            tour.File("pdp_c1.png")
        );
        if (ok)
        {
            output.WriteLine(
                "What c1 does across its range: P(event) rises along an S-curve as c1 grows, for every row (the ICE lines)."
            );
        }
        return ok;
    }

    /// <summary>y = x1·x2 + x3: the pair that acts only together, found and drawn.</summary>
    private static bool Interactions(Tour tour, long seed, CliContext context)
    {
        var output = context.Out;
        string data = tour.File("product.csv");
        string model = tour.File("product.mlp");
        WriteText(data, ProductData.Csv(2000, seed), context);
        output.WriteLine();
        output.WriteLine("== which features act together? y = x1·x2 + x3, x4 unused ==");
        bool ok =
            tour.Step("train", data, "--hidden", "32,16", "--epochs", "60", "-o", model)
            && tour.Step("interactions", model, data, "--plot", tour.File("interactions.png"))
            && tour.StepInto(
                tour.File("pdp_x1_x2.csv"),
                "pdp",
                model,
                data,
                "--features",
                "x1,x2",
                "--grid",
                "30",
                "--format",
                "csv",
                "--plot",
                tour.File("pdp_x1_x2.png")
            );
        if (ok)
        {
            output.WriteLine(
                "Friedman's H² puts x1 with x2 first: almost all of their joint effect is interaction (their own"
            );
            output.WriteLine(
                "partial dependences are flat), and the two-way partial dependence draws the saddle of x1·x2."
            );
        }
        return ok;
    }

    /// <summary>Two moons: a network whose second hidden layer has two units, so the boundary picture shows how it unbends the moons.</summary>
    private static bool Moons(Tour tour, long seed, CliContext context)
    {
        var output = context.Out;
        string data = tour.File("moons.csv");
        string model = tour.File("moons.mlp");
        WriteText(data, MoonsData.Csv(400, seed), context);
        output.WriteLine();
        output.WriteLine("== two moons: how a network bends the plane ==");
        bool ok =
            tour.Step(
                "train",
                data,
                "--hidden",
                "8,2",
                "--activation",
                "tanh",
                "--lr",
                "0.01",
                "--epochs",
                "200",
                "-o",
                model,
                "--animate",
                tour.File("moons_training.gif"),
                "--frame-every",
                "2"
            ) && tour.Step("boundary", model, data, "-o", tour.File("moons_boundary.png"));
        if (!ok)
        {
            return false;
        }
        output.WriteLine(
            "The middle and right panels show the data as the 2-unit layer sees it: the moons pulled apart."
        );
        ok = tour.Step(
            "sweep",
            data,
            "--hidden",
            "8",
            "--activation",
            "relu,tanh",
            "--lr",
            "0.1,0.01,0.001",
            "--epochs",
            "100",
            "--validation",
            "0.2",
            "--plot",
            tour.File("moons_sweep.png")
        );
        if (ok)
        {
            output.WriteLine(
                "Six networks, one command: relu draws the boundary in straight pieces, tanh in curves, and at lr 0.001"
            );
            output.WriteLine("100 epochs are not enough for either to bend it round the moons.");
        }
        return ok;
    }

    /// <summary>The demo's command lines: printed, then run through the same command tree a user types into.</summary>
    private sealed class Tour(string folder, long seed, bool quiet, CliContext context)
    {
        private readonly CliContext _stepContext = quiet ? context.AsQuiet() : context;
        private readonly List<string> _files = [];

        public int ExitCode { get; private set; }

        /// <summary>Every file the tour named, in order, once each.</summary>
        public IEnumerable<string> Written => _files.Distinct().Where(System.IO.File.Exists);

        public string File(string name)
        {
            string path = Path.Combine(folder, name);
            _files.Add(path);
            return path;
        }

        /// <summary>Runs `mlp COMMAND ARGS`; false (keeping the exit code) when it failed.</summary>
        public bool Step(string command, params string[] arguments) =>
            Run(null, command, arguments);

        /// <summary>Runs `mlp COMMAND ARGS &gt; FILE`: what the command prints goes into the file.</summary>
        public bool StepInto(string file, string command, params string[] arguments) =>
            Run(file, command, arguments);

        private bool Run(string? into, string command, string[] arguments)
        {
            string[] extra = command switch
            {
                "train" or "sweep" => quiet ? ["--seed", Seed, "--quiet"] : ["--seed", Seed],
                "importance" or "pdp" or "interactions" or "report" => ["--seed", Seed],
                _ => [],
            };
            string[] args = [command, .. arguments, .. extra];
            context.Out.WriteLine();
            context.Out.WriteLine(
                $"$ mlp {string.Join(' ', args)}{(into is null ? "" : $" > {into}")}"
            );
            context.Out.Flush();
            if (into is null)
            {
                ExitCode = CommandLine.Run(args, _stepContext);
                return ExitCode == 0;
            }
            using (var file = System.IO.File.Create(into))
            using (var writer = new StreamWriter(file, new UTF8Encoding(false)))
            {
                ExitCode = CommandLine.Run(args, _stepContext.WithOutput(file, writer));
            }
            return ExitCode == 0;
        }

        private string Seed => seed.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a seeded 80/20 split of the shipped CSV (header on both parts).</summary>
    private static void SplitShippedData(
        string trainPath,
        string testPath,
        long seed,
        CliContext context
    )
    {
        using var resource =
            Assembly.GetExecutingAssembly().GetManifestResourceStream(DataResource)
            ?? throw new InvalidOperationException("the demo data set is missing from the tool");
        using var text = new StreamReader(resource);
        var lines = text.ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\r'))
            .ToArray();
        var rows = Enumerable.Range(1, lines.Length - 1).ToArray();
        var (test, train) = RowSample.Split(
            rows,
            (int)Math.Round(rows.Length * HeldOutFraction),
            Rng.For(seed, RngStream.RowSample)
        );
        WriteText(testPath, Lines(lines[0], test.Select(i => lines[i])), context);
        WriteText(trainPath, Lines(lines[0], train.Select(i => lines[i])), context);
    }

    private static string Lines(string header, IEnumerable<string> rows)
    {
        var text = new StringBuilder(header).Append('\n');
        foreach (var row in rows)
        {
            text.Append(row).Append('\n');
        }
        return text.ToString();
    }

    private static void WriteText(string path, string text, CliContext context)
    {
        using var outputs = new OutputPlan(context);
        var file = outputs.Output("--out", path);
        outputs.Write(file, stream => stream.Write(Encoding.UTF8.GetBytes(text)));
        outputs.Commit();
    }
}
