using Mlp.Cli.Commands;
using Mlp.Data;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests.Training;

/// <summary>
/// The settings' range checks live in <see cref="TrainingSettings.Validate"/>: a program that
/// calls the trainer gets them as <see cref="InvalidSettingException"/> naming the property,
/// and the command line gets each as a usage error naming the option that sets it.
/// </summary>
public class SettingsValidationTests
{
    public static TheoryData<string, string[]> Refusals() =>
        new()
        {
            { nameof(TrainingSettings.LearningRate), ["--lr", "0"] },
            { nameof(TrainingSettings.LearningRate), ["--lr", "-0.5"] },
            { nameof(TrainingSettings.L2), ["--l2", "-1"] },
            { nameof(TrainingSettings.Momentum), ["--momentum", "1", "--optimizer", "momentum"] },
            { nameof(TrainingSettings.Validation), ["--validation", "1"] },
            { nameof(TrainingSettings.Patience), ["--patience", "0", "--validation", "0.2"] },
            { nameof(TrainingSettings.Patience), ["--patience", "3"] },
            { nameof(TrainingSettings.Dropout), ["--dropout", "0.2", "--hidden", "none"] },
        };

    private static readonly Dictionary<string, TrainingSettings> Bad = new()
    {
        ["--lr 0"] = new() { LearningRate = 0 },
        ["--lr -0.5"] = new() { LearningRate = -0.5f },
        ["--l2 -1"] = new() { L2 = -1 },
        ["--momentum 1"] = new() { Momentum = 1 },
        ["--validation 1"] = new() { Validation = 1 },
        ["--patience 0"] = new() { Patience = 0, Validation = 0.2f },
        ["--patience 3"] = new() { Patience = 3 },
        ["--dropout 0.2"] = new() { Dropout = 0.2f, Hidden = [] },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Each_refusal_names_the_property_to_a_program_and_the_option_to_a_user(
        string setting,
        string[] options
    )
    {
        var settings = Bad[$"{options[0]} {options[1]}"];
        var refused = Assert.Throws<InvalidSettingException>(() => settings.Validate());
        Assert.Equal(setting, refused.Setting);
        Assert.Throws<InvalidSettingException>(() => Trainer.Train(Tiny(), settings));

        using var folder = new TempFolder();
        string data = folder.Write("d.csv", "a,y\n1,0\n2,1\n3,0\n4,1\n");
        var run = CliRunner.Run(["train", data, "-o", folder.File("m.mlp"), .. options]);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"mlp: error: {options[0]} {options[1]} ", run.Stderr);
        Assert.False(File.Exists(folder.File("m.mlp")));
    }

    /// <summary>Refusals that need the data (the classes, the row count) come from the trainer, worded the same way.</summary>
    [Theory]
    [InlineData("--class-weight|c=2", "--class-weight 'c=2' does not name a class of the target")]
    [InlineData("--class-weight|1=-1", "--class-weight '1=-1': the weight is not a number ≥ 0")]
    [InlineData(
        "--validation|0.9|--epochs|2",
        "--validation 0.9 leaves no rows to train on (4 rows)"
    )]
    public void Refusals_that_need_the_data_name_the_option_too(string options, string message)
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", "a,y\n1,0\n2,1\n3,0\n4,1\n");
        var run = CliRunner.Run(["train", data, "-o", folder.File("m.mlp"), .. options.Split('|')]);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"mlp: error: {message}", run.Stderr);
    }

    [Fact]
    public void Every_setting_the_core_refuses_has_an_option_to_name()
    {
        string[] refused =
        [
            .. Bad.Values.Select(settings =>
                Assert.Throws<InvalidSettingException>(() => settings.Validate()).Setting
            ),
            nameof(TrainingSettings.ClassWeight),
            nameof(TrainingSettings.Validation),
        ];
        Assert.All(refused, setting => Assert.Contains(setting, DomainErrors.Settings));
    }

    [Fact]
    public void Validation_rows_from_elsewhere_satisfy_early_stopping()
    {
        new TrainingSettings { Patience = 3 }.Validate(validationRows: true);
        new TrainingSettings().Validate();
    }

    private static Dataset Tiny() =>
        new()
        {
            Schema = new Schema
            {
                Sources = [new SourceFeature("x", null)],
                TargetName = "y",
                Task = TaskKind.Binary,
                Classes = ["0", "1"],
                ClassesAreNumbers = true,
            },
            Columns =
            [
                [1, 2, 3, 4],
            ],
            Origins = [0],
            Target = [0, 1, 0, 1],
            File = "t.csv",
        };
}
