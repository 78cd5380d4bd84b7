using System.CommandLine;
using System.Globalization;
using Mlp.Data;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp gradcheck MODEL DATA`: backpropagation against central differences, in double precision.</summary>
internal static class GradcheckCommand
{
    public const int MaxRows = 32;
    public const int MaxEntriesPerTensor = 256;

    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data("Labelled CSV; its first 32 rows are used");
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json("the per-tensor errors");
        var command = new Command(
            "gradcheck",
            $"Check backpropagation against central finite differences (double precision); exit 1 when the largest relative error exceeds {GradientCheck.Threshold:0e0}"
        )
        {
            model,
            data,
            seed,
            json,
        };
        command.SetAction(parse =>
        {
            var loaded = ModelFileReader.Load(parse.GetValue(model)!);
            var checks = Run(loaded, parse.GetValue(data)!, parse.GetValue(seed), context);
            double worst = checks.Max(c => c.MaxRelativeError);
            Write(checks, worst, parse.GetValue(json), context.Out);
            if (worst > GradientCheck.Threshold)
            {
                context.Out.Flush();
                throw new MlpException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"gradient check failed: largest relative error {worst:0.###e0} is above {GradientCheck.Threshold:0e0}"
                    )
                );
            }
            return 0;
        });
        return command;
    }

    public static IReadOnlyList<TensorCheck> Run(
        MlpModel model,
        string dataPath,
        long seed,
        CliContext context
    )
    {
        var (inputs, targets) = LabelledRows.Read(
            model.Schema,
            dataPath,
            readTarget: true,
            context.Reading,
            MaxRows
        );
        var check = GradientCheck.ForModel(model, inputs, targets, targets.Length);
        return check.Run(MaxEntriesPerTensor, Rng.For(seed, RngStream.RowSample));
    }

    private static void Write(
        IReadOnlyList<TensorCheck> checks,
        double worst,
        bool json,
        TextWriter output
    )
    {
        var text = CultureInfo.InvariantCulture;
        if (json)
        {
            JsonOutput.Write(
                output,
                writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("max_relative_error", worst);
                    writer.WriteNumber("threshold", GradientCheck.Threshold);
                    writer.WriteBoolean("passed", worst <= GradientCheck.Threshold);
                    writer.WriteStartArray("tensors");
                    foreach (var c in checks)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("name", c.Name);
                        writer.WriteNumber("size", c.Size);
                        writer.WriteNumber("checked", c.Checked);
                        writer.WriteNumber("skipped_at_kinks", c.SkippedAtKinks);
                        writer.WriteNumber("max_relative_error", c.MaxRelativeError);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
            );
            return;
        }
        int nameWidth = checks.Max(c => c.Name.Length) + 2;
        output.WriteLine($"{"tensor".PadRight(nameWidth)}{"checked", 12}{"max rel. error", 16}");
        foreach (var c in checks)
        {
            string skipped =
                c.SkippedAtKinks > 0 ? $"  ({c.SkippedAtKinks} at ReLU kinks skipped)" : "";
            output.WriteLine(
                string.Create(
                    text,
                    $"{c.Name.PadRight(nameWidth)}{$"{c.Checked}/{c.Size}", 12}{c.MaxRelativeError, 16:0.00e+00}{skipped}"
                )
            );
        }
        string verdict = worst <= GradientCheck.Threshold ? "passed" : "FAILED";
        output.WriteLine(
            string.Create(
                text,
                $"largest relative error: {worst:0.00e+00} ({verdict}, threshold {GradientCheck.Threshold:0e0})"
            )
        );
    }
}
