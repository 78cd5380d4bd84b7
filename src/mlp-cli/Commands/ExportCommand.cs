using System.CommandLine;
using Mlp.Export;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp export MODEL -o model.onnx`: the model as an ONNX file for other runtimes.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var output = new Option<string>("--output", "-o")
        {
            Description = "The ONNX file to write, e.g. model.onnx ('-' is stdout)",
            Required = true,
        };
        var command = new Command(
            "export",
            "Write the model as ONNX (IR 7, opset 13) for ONNX Runtime and other serving engines"
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
            var onnx = outputs.Output("-o", path);
            var loaded = ModelFileReader.Load(parse.GetValue(model)!);
            byte[] bytes = OnnxExport.Write(loaded);
            outputs.Write(onnx, stream => stream.Write(bytes));
            outputs.Commit();
            if (!outputs.WritesStdout)
            {
                context.Note($"wrote {path}");
            }
            return 0;
        });
        return command;
    }
}
