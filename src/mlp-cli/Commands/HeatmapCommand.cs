using System.CommandLine;
using Mlp.Cli.Plot;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp heatmap MODEL -o weights.png`: a layer's weights as a heatmap.</summary>
internal static class HeatmapCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var output = CommonOptions.PictureOutput("weights.png");
        var layer = new Option<int>("--layer")
        {
            Description = "Which layer's weights, 1 = inputs to the first hidden layer",
            DefaultValueFactory = _ => 1,
        };
        var annotate = new Option<bool>("--annotate")
        {
            Description = "Write each weight's value in its cell",
        };
        var command = new Command(
            "heatmap",
            "Draw a layer's weights as a heatmap, PNG or SVG (inputs x units)"
        )
        {
            model,
            output,
            layer,
            annotate,
        };
        command.SetAction(parse =>
        {
            using var outputs = new OutputPlan(context);
            outputs.Input("model", parse.GetValue(model));
            string path = parse.GetValue(output)!;
            var picture = ImageFile.Plan(outputs, "-o", path);
            var loaded = ModelFileReader.Load(parse.GetValue(model)!);
            int layers = loaded.Network.Layers.Length;
            int chosen = parse.GetValue(layer);
            OptionParsing.Check(
                chosen >= 1 && chosen <= layers,
                $"--layer must be between 1 and {layers} (this model has {layers} weight layers)"
            );
            HeatmapChart
                .Draw(loaded, chosen - 1, parse.GetValue(annotate))
                .Figure.Write(outputs, picture);
            outputs.Commit();
            context.Note($"wrote {path}");
            return 0;
        });
        return command;
    }
}
