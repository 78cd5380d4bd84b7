using Mlp.Model;
using Mlp.Tests.Model;

namespace Mlp.Tests.Training;

/// <summary>--resume continues a saved run exactly; files without a training state still load.</summary>
public class ResumeTests
{
    private static void Train(params string[] args)
    {
        var run = CliRunner.Run(["train", .. args, "--quiet"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Theory]
    [InlineData("constant")]
    [InlineData("step")]
    [InlineData("plateau")]
    public void Twenty_epochs_equal_ten_saved_and_ten_resumed_byte_for_byte(string schedule)
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Mlp.Data.MoonsData.Csv(400, 3));
        string[] common =
        [
            data,
            "--hidden",
            "12,6",
            "--dropout",
            "0.1",
            "--validation",
            "0.2",
            "--optimizer",
            "adam",
            "--lr-schedule",
            schedule,
            .. schedule == "step" ? new[] { "--lr-step", "7" } : [],
        ];
        Train([.. common, "--epochs", "20", "-o", folder.File("twenty.mlp")]);
        Train([.. common, "--epochs", "10", "-o", folder.File("ten.mlp")]);
        Train(
            data,
            "--resume",
            folder.File("ten.mlp"),
            "--epochs",
            "10",
            "-o",
            folder.File("resumed.mlp")
        );
        Assert.Equal(
            File.ReadAllBytes(folder.File("twenty.mlp")),
            File.ReadAllBytes(folder.File("resumed.mlp"))
        );
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("adamw")]
    public void Every_optimizer_resumes_exactly(string optimizer)
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Mlp.Data.MoonsData.Csv(300, 5));
        string[] common = [data, "--hidden", "8", "--optimizer", optimizer, "--lr", "0.05"];
        Train([.. common, "--epochs", "6", "-o", folder.File("six.mlp")]);
        Train([.. common, "--epochs", "3", "-o", folder.File("three.mlp")]);
        Train(data, "--resume", folder.File("three.mlp"), "-o", folder.File("resumed.mlp"));
        Assert.Equal(
            File.ReadAllBytes(folder.File("six.mlp")),
            File.ReadAllBytes(folder.File("resumed.mlp"))
        );
    }

    [Fact]
    public void The_history_of_a_resumed_run_numbers_its_epochs_on_from_the_saved_ones()
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Mlp.Data.MoonsData.Csv(200, 1));
        Train(data, "--hidden", "4", "--epochs", "5", "-o", folder.File("five.mlp"));
        string history = folder.File("h.csv");
        Train(
            data,
            "--resume",
            folder.File("five.mlp"),
            "--epochs",
            "2",
            "-o",
            folder.File("seven.mlp"),
            "--history",
            history
        );
        Assert.Equal(["6", "7"], File.ReadAllLines(history)[1..].Select(l => l.Split(',')[0]));
        Assert.Equal(7, Mlp.Model.ModelFileReader.Load(folder.File("seven.mlp")).State!.EpochsRun);
    }

    [Fact]
    public void A_model_without_a_training_state_predicts_but_cannot_be_resumed()
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Mlp.Data.MoonsData.Csv(100, 2));
        Train(data, "--hidden", "4", "--epochs", "2", "-o", folder.File("new.mlp"));
        var model = ModelFileReader.Load(folder.File("new.mlp"));
        // An mlp/1 file: the format before the state was kept.
        string old = folder.File("old.mlp");
        TestModels.WriteAsFormat(model, "mlp/1", old);
        Assert.Equal(
            CliRunner.Run("predict", folder.File("new.mlp"), data).Stdout,
            CliRunner.Run("predict", old, data).Stdout
        );
        var resumed = CliRunner.Run("train", data, "--resume", old, "-o", folder.File("r.mlp"));
        Assert.Equal(1, resumed.ExitCode);
        Assert.Contains("the model has no training state to resume", resumed.Stderr);
    }

    [Theory]
    [InlineData("--hidden|4", "--hidden comes from the resumed model")]
    [InlineData("--seed|7", "--seed comes from the resumed model")]
    [InlineData("--target|x1", "--target comes from the resumed model")]
    public void What_the_model_fixes_cannot_be_given_again(string args, string message)
    {
        using var folder = new TempFolder();
        string data = folder.Write("moons.csv", Mlp.Data.MoonsData.Csv(100, 2));
        Train(data, "--hidden", "4", "--epochs", "2", "-o", folder.File("m.mlp"));
        var run = CliRunner.Run([
            "train",
            data,
            "--resume",
            folder.File("m.mlp"),
            "-o",
            folder.File("r.mlp"),
            .. args.Split('|'),
        ]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public void Data_with_other_categories_does_not_fit_a_resumed_model()
    {
        using var folder = new TempFolder();
        string first = folder.Write("a.csv", "x,c,y\n1,red,0\n2,blue,1\n3,red,0\n4,blue,1\n");
        string second = folder.Write("b.csv", "x,c,y\n1,red,0\n2,green,1\n3,red,0\n4,blue,1\n");
        Train(first, "--hidden", "3", "--epochs", "2", "-o", folder.File("m.mlp"));
        var run = CliRunner.Run(
            "train",
            second,
            "--resume",
            folder.File("m.mlp"),
            "-o",
            folder.File("r.mlp")
        );
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(
            "the data does not fit the resumed model: column \"c\" has the categories blue, green, red, the model's blue, red",
            run.Stderr
        );
    }

    [Fact]
    public void Data_without_the_gaps_or_a_category_of_the_model_resumes_in_the_models_layout()
    {
        using var folder = new TempFolder();
        string first = folder.Write(
            "a.csv",
            "x,c,y\n1,red,0\n,blue,1\n3,,0\n4,blue,1\n5,red,0\n,red,1\n"
        );
        string second = folder.Write("b.csv", "x,c,y\n1,red,0\n2,red,1\n3,red,0\n4,red,1\n");
        Train(first, "--hidden", "3", "--epochs", "2", "-o", folder.File("m.mlp"));
        Train(
            second,
            "--resume",
            folder.File("m.mlp"),
            "--epochs",
            "2",
            "-o",
            folder.File("r.mlp")
        );
        string Features(string model) =>
            System
                .Text.Json.JsonDocument.Parse(CliRunner.Run("weights", model).Stdout)
                .RootElement.GetProperty("features")
                .ToString();
        Assert.Equal(Features(folder.File("m.mlp")), Features(folder.File("r.mlp")));
        Assert.Contains("x=(missing)", Features(folder.File("r.mlp")));
        var gap = CliRunner.RunWithInput("x,c\n,\n", "predict", folder.File("r.mlp"), "-");
        Assert.Equal(0, gap.ExitCode);
    }
}
