using System.Text.Json;
using Mlp.Explain;
using Mlp.Tests.EndToEnd;

namespace Mlp.Tests.Explain;

/// <summary>Permutation importance ranks by the signed mean (a negative drop ranks below zero); size-based methods by |value|.</summary>
public class RankingTests
{
    private static ImportanceReport Report(bool bySign, params double[] values) =>
        new()
        {
            Method = bySign ? "permutation" : "olden",
            RanksBySign = bySign,
            Features = values.Select((v, i) => new FeatureImportance($"f{i}", v)).ToArray(),
        };

    [Fact]
    public void Permutation_ranks_a_negative_importance_below_zero()
    {
        Assert.Equal([4, 1, 2, 3], Report(true, -105, 103, 0.5, 0).Ranks());
        Assert.Equal([1, 3, 2, 4], Report(true, 2, -1, 2, -3).Ranks()); // ties keep model order
    }

    [Fact]
    public void Olden_ranks_by_size_whatever_the_sign()
    {
        Assert.Equal([1, 2, 3, 4], Report(false, -105, 103, 0.5, 0).Ranks());
    }

    [Fact]
    public void Permutation_json_ranks_follow_the_signed_importances()
    {
        using var folder = new TempFolder();
        // One useful column and eight of noise; on rows the model never saw, the noise the model
        // learned makes some of their importances negative.
        string Data(int seed, int rows)
        {
            var random = new Random(seed);
            var csv = new System.Text.StringBuilder("u,n1,n2,n3,n4,n5,n6,n7,n8,y\n");
            for (int r = 0; r < rows; r++)
            {
                double u = random.NextDouble() * 2 - 1;
                var noise = Enumerable.Range(0, 8).Select(_ => random.NextDouble()).ToArray();
                csv.Append(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"{u},{string.Join(',', noise)},{3 * u + random.NextDouble()}\n"
                );
            }
            return csv.ToString();
        }
        string data = folder.Write("d.csv", Data(3, 120));
        string heldOut = folder.Write("t.csv", Data(4, 400));
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", data, "-o", model, "--hidden", "64", "--epochs", "300").ExitCode
        );
        var result = CliRunner.Run(
            "importance",
            model,
            heldOut,
            "--metric",
            "mse",
            "--format",
            "json"
        );
        Assert.Equal(0, result.ExitCode);
        var features = JsonDocument
            .Parse(result.Stdout)
            .RootElement.GetProperty("features")
            .EnumerateArray()
            .Select(f =>
                (
                    Value: f.GetProperty("importance").GetDouble(),
                    Rank: f.GetProperty("rank").GetInt32()
                )
            )
            .ToArray();
        Assert.Contains(features, f => f.Value < 0);
        var byRank = features.OrderBy(f => f.Rank).Select(f => f.Value).ToArray();
        Assert.Equal(byRank.OrderByDescending(v => v), byRank);
    }
}
