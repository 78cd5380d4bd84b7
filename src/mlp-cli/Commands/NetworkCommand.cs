using System.CommandLine;
using Mlp.Cli.Plot;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp network MODEL -o net.png`: the network as nodes and weighted edges.</summary>
internal static class NetworkCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var output = CommonOptions.PictureOutput("net.png");
        var command = new Command(
            "network",
            "Draw the network as nodes and edges: colour by the weight's sign, width by its size"
        )
        {
            model,
            output,
        };
        command.SetAction(parse =>
        {
            using var outputs = new OutputPlan(context);
            outputs.Input("model", parse.GetValue(model));
            string path = parse.GetValue(output)!;
            var picture = ImageFile.Plan(outputs, "-o", path);
            var loaded = ModelFileReader.Load(parse.GetValue(model)!);
            NetworkChart.Draw(loaded).Write(outputs, picture);
            outputs.Commit();
            context.Note($"wrote {path}");
            return 0;
        });
        return command;
    }
}
