using System.CommandLine;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp weights MODEL`: the weights as mlp-weights/1 JSON on stdout.</summary>
internal static class WeightsCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to write the JSON ('-' is stdout)",
            DefaultValueFactory = _ => "-",
        };
        var command = new Command(
            "weights",
            "Write the weights as JSON (schema mlp-weights/1) on stdout"
        )
        {
            model,
            output,
        };
        command.SetAction(parse =>
        {
            using var outputs = new OutputPlan(context);
            outputs.Input("model", parse.GetValue(model));
            var json = outputs.Output("-o", parse.GetValue(output)!);
            var loaded = ModelFileReader.Load(parse.GetValue(model)!);
            outputs.Write(json, stream => WeightsJson.Write(loaded, stream));
            outputs.Commit();
            return 0;
        });
        return command;
    }
}
