using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests.Model;

/// <summary>Every enum the command line and the model file spell by name: one table each, covering every value, read back exactly.</summary>
public class NameTableTests
{
    [Fact]
    public void Each_table_names_every_value_once_and_reads_each_name_back()
    {
        RoundTrips(TrainingSettings.Optimizers);
        RoundTrips(TrainingSettings.Inits);
        RoundTrips(TrainingSettings.Schedules);
        RoundTrips(TrainingSettings.Monitors);
        RoundTrips(ActivationNames.Table);
        Assert.Equal(["adam", "adamw", "sgd", "momentum"], TrainingSettings.Optimizers.Names);
        Assert.Equal("plateau", LearningRateSchedule.Name(LrSchedule.Plateau));
        Assert.Equal("leaky-relu", Activation.LeakyRelu.Name());
    }

    private static void RoundTrips<TEnum>(NameTable<TEnum> table)
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        Assert.Equal(values.Length, table.Names.Distinct().Count());
        foreach (var value in values)
        {
            Assert.Equal(value, table.Parse(table.Name(value)));
        }
    }

    [Theory]
    [InlineData("Plateau")] // Enum.TryParse took any case
    [InlineData("1")] // and numbers, even of no value
    [InlineData("7")]
    [InlineData(" plateau")]
    [InlineData("")]
    [InlineData(null)]
    public void Only_the_listed_spelling_parses(string? name)
    {
        Assert.Null(TrainingSettings.Schedules.Parse(name));
        Assert.Null(LearningRateSchedule.Parse(name ?? ""));
    }

    [Fact]
    public void A_table_that_misses_a_value_or_repeats_a_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            new NameTable<MonitorKind>([MonitorKind.Loss, MonitorKind.Metric], ["loss"])
        );
        Assert.Throws<ArgumentException>(() =>
            new NameTable<MonitorKind>([MonitorKind.Loss], ["loss"])
        );
        Assert.Throws<ArgumentException>(() =>
            new NameTable<MonitorKind>([MonitorKind.Loss, MonitorKind.Metric], ["x", "x"])
        );
        Assert.Equal(
            "a, b, c or d",
            new NameTable<LrSchedule>(
                [LrSchedule.Constant, LrSchedule.Step, LrSchedule.Cosine, LrSchedule.Plateau],
                ["a", "b", "c", "d"]
            ).Listed()
        );
    }
}
