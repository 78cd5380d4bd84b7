using System.CommandLine;
using Mlp.Cli.Model;
using Mlp.Cli.Plot;

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
            var loaded = ModelFileReader.Load(parse.GetValue(model)!);
            string path = parse.GetValue(output)!;
            ImageFile.WritePng(path, NetworkChart.Draw(loaded));
            context.Error.WriteLine($"mlp: wrote {path}");
            return 0;
        });
        return command;
    }
}
