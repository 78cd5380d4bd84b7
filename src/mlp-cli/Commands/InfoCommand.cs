using System.CommandLine;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp info MODEL`: what a model file holds, as text or JSON (<see cref="ModelInfo"/>).</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var json = CommonOptions.Json("the description");
        var command = new Command(
            "info",
            "What a model file holds: task, target, classes, features with their encoding, scaling and missing-value rule, layers, parameters, training settings (those chosen from the data too), kept epoch, format"
        )
        {
            model,
            json,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(model)!;
            var loaded = ModelFileReader.Load(path);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, writer => ModelInfo.WriteJson(writer, loaded, path));
            }
            else
            {
                ModelInfo.WriteText(context.Out, loaded, path);
            }
            return 0;
        });
        return command;
    }
}
