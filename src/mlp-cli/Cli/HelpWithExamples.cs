using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Mlp.Cli;

/// <summary>The standard help, followed by examples of the command asked about.</summary>
internal sealed class HelpWithExamples(HelpAction standard) : SynchronousCommandLineAction
{
    private static readonly Dictionary<string, string[]> Examples = new()
    {
        ["mlp"] =
        [
            "mlp demo --out mlp-demo",
            "mlp train data.csv -o model.mlp && mlp predict model.mlp new.csv",
        ],
        ["train"] =
        [
            "mlp train data.csv -o model.mlp",
            "mlp train data.csv --target price --hidden 64,32 --activation tanh --epochs 200 --validation 0.2 --patience 10",
            "mlp train moons.csv --hidden 8,2 --plot-loss loss.png --animate training.gif --json",
        ],
        ["predict"] =
        [
            "mlp predict model.mlp new.csv > predictions.csv",
            "cat new.csv | mlp predict model.mlp - --keep | head",
            "mlp predict model.mlp big.csv --shard 2/4 > part2.csv",
            "mlp predict model.mlp big.csv --slurm predictions.csv --shard-count 8 --submit",
        ],
        ["merge"] = ["mlp merge part0.csv part1.csv part2.csv part3.csv -o predictions.csv"],
        ["eval"] =
        [
            "mlp eval model.mlp test.csv",
            "mlp eval model.mlp test.csv --json | jq .metrics",
        ],
        ["weights"] =
        [
            "mlp weights model.mlp | jq '.layers[0].weights'",
            "mlp weights model.mlp -o weights.json",
        ],
        ["info"] = ["mlp info model.mlp", "mlp info model.mlp --json | jq .training"],
        ["export"] = ["mlp export model.mlp -o model.onnx"],
        ["report"] =
        [
            "mlp report model.mlp test.csv -o report.html",
            "mlp report model.mlp data.csv --sections model,metrics,importance --title \"Churn model, March\"",
        ],
        ["importance"] =
        [
            "mlp importance model.mlp data.csv",
            "mlp importance model.mlp data.csv --method all --format markdown",
            "mlp importance model.mlp data.csv --method shap --background 200 --plot shap.png",
        ],
        ["heatmap"] =
        [
            "mlp heatmap model.mlp -o weights.png",
            "mlp heatmap model.mlp -o layer2.png --layer 2 --annotate",
        ],
        ["boundary"] =
        [
            "mlp boundary model.mlp data.csv -o regions.png --features x1,x2 --grid 300",
        ],
        ["pdp"] =
        [
            "mlp pdp model.mlp data.csv --features age",
            "mlp pdp model.mlp data.csv --features age --kind both --centered --plot age.png",
            "mlp pdp model.mlp data.csv --features age,income --format csv > pdp.csv",
        ],
        ["interactions"] =
        [
            "mlp interactions model.mlp data.csv",
            "mlp interactions model.mlp data.csv --rows 1000 --plot interactions.png",
            "mlp interactions model.mlp data.csv --method shap --background 50 --json",
        ],
        ["sweep"] =
        [
            "mlp sweep moons.csv --hidden 8 --activation relu,tanh --lr 0.1,0.01,0.001 --plot sweep.png",
            "mlp sweep data.csv --hidden 16 --hidden 64,32 --batch-size 32,full --validation 0.2 --out models --json",
        ],
        ["network"] = ["mlp network model.mlp -o net.png"],
        ["gradcheck"] = ["mlp gradcheck model.mlp data.csv --json"],
        ["demo"] = ["mlp demo --out mlp-demo"],
    };

    /// <summary>As the standard help: `mlp predict --help` is help, not a missing MODEL.</summary>
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        int code = standard.Invoke(parseResult);
        var command = parseResult.CommandResult.Command;
        string name = command is RootCommand ? "mlp" : command.Name;
        if (Examples.TryGetValue(name, out var lines))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var line in lines)
            {
                output.WriteLine($"  {line}");
            }
            output.WriteLine();
        }
        return code;
    }

    /// <summary>Puts the examples behind every --help of the tree.</summary>
    public static void Install(Command root)
    {
        foreach (var option in root.Options.OfType<HelpOption>())
        {
            if (option.Action is HelpAction standard)
            {
                option.Action = new HelpWithExamples(standard);
            }
        }
    }
}
