using System.CommandLine;
using Mlp.Cli.Plot;
using Mlp.Data;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp boundary MODEL DATA -o boundary.png`: decision regions over two features.</summary>
internal static class BoundaryCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data("CSV with the model's feature columns and its target");
        var output = CommonOptions.PictureOutput("boundary.png");
        var features = new Option<string?>("--features")
        {
            Description =
                "The two numeric features on the axes, e.g. --features x1,x2 [default: the two most important, by permutation on these rows]",
        };
        var grid = new Option<int>("--grid")
        {
            Description = "Grid points per axis (one batched forward pass over grid x grid points)",
            DefaultValueFactory = _ => 200,
        };
        var command = new Command(
            "boundary",
            "Draw the decision regions over two features with the data on top (other features at their training mean); with a two-unit hidden layer, also that layer's view"
        )
        {
            model,
            data,
            output,
            features,
            grid,
        };
        command.SetAction(parse =>
        {
            using var outputs = new OutputPlan(context);
            outputs.Input("model", parse.GetValue(model));
            outputs.Input("data", parse.GetValue(data));
            string path = parse.GetValue(output)!;
            var picture = ImageFile.Plan(outputs, "-o", path);
            var loaded = ModelFileReader.Load(parse.GetValue(model)!);
            int size = parse.GetValue(grid);
            OptionParsing.Check(size is >= 2 and <= 1000, "--grid must be between 2 and 1000");
            var names = parse.GetValue(features) is string list ? OptionParsing.List(list) : null;
            FeaturePair.Choose(loaded.Schema, names); // named features are checked before the data is read
            var (inputs, targets) = LabelledRows.Read(
                loaded.Schema,
                parse.GetValue(data)!,
                readTarget: true,
                context.Reading
            );
            var rows = new PlotData(inputs, targets);
            var ranking = names is null ? FeaturePair.Ranking(loaded, rows, Rng.DefaultSeed) : null;
            var (x, y) = FeaturePair.Choose(loaded.Schema, names, data: rows, ranking: ranking);
            BoundaryChart.Draw(loaded, rows, x, y, size).Write(outputs, picture);
            outputs.Commit();
            context.Note($"wrote {path}");
            return 0;
        });
        return command;
    }
}
