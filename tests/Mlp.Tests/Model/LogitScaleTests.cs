using System.Globalization;
using System.Text;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Tests.Model;

/// <summary>
/// The factor fitted to a label-smoothed model's held-out logits (<see cref="LogitScale"/>):
/// where the best factor is known in closed form it is found, it stops at its bound when the
/// rows are separable, and applying it multiplies every logit and nothing else.
/// </summary>
public class LogitScaleTests
{
    [Fact]
    public void Binary_finds_the_factor_whose_probability_is_the_observed_frequency()
    {
        // 200 rows at logit +1, 80 % positive, and 200 at −1, 20 % positive: the log loss is least
        // where σ(s) = 0.8, s = ln 4.
        var logits = new List<double>();
        var targets = new List<double>();
        for (int i = 0; i < 200; i++)
        {
            logits.Add(1);
            targets.Add(i < 160 ? 1 : 0);
            logits.Add(-1);
            targets.Add(i < 40 ? 1 : 0);
        }
        float factor = LogitScale.FitToLogits(TaskKind.Binary, [.. logits], [.. targets], 1);
        Assert.Equal(Math.Log(4), factor, 1e-4);
    }

    [Fact]
    public void Multiclass_finds_the_factor_whose_probability_is_the_observed_frequency()
    {
        // Rows with logits [1, 0, 0], class 0 in 80 % of them: e^s / (e^s + 2) = 0.8, s = ln 8.
        var logits = new List<double>();
        var targets = new List<double>();
        for (int i = 0; i < 100; i++)
        {
            logits.AddRange([1, 0, 0]);
            targets.Add(i < 80 ? 0 : 1 + i % 2);
        }
        float factor = LogitScale.FitToLogits(TaskKind.Multiclass, [.. logits], [.. targets], 3);
        Assert.Equal(Math.Log(8), factor, 1e-4);
    }

    [Fact]
    public void Separable_rows_stop_at_the_bound()
    {
        double[] logits = [2, -1, 3, -2];
        double[] targets = [1, 0, 1, 0];
        Assert.Equal(
            LogitScale.Largest,
            LogitScale.FitToLogits(TaskKind.Binary, logits, targets, 1),
            1e-4
        );
    }

    [Fact]
    public void Applying_a_factor_multiplies_every_logit()
    {
        var network = new Network<float>([
            new(3, 5, Activation.Gelu),
            new(5, 4, Activation.Identity),
        ]);
        var random = new Random(5);
        for (int i = 0; i < network.Parameters.Length; i++)
        {
            network.Parameters[i] = (float)(random.NextDouble() - 0.5);
        }
        float[] inputs = [.. Enumerable.Range(0, 6).Select(_ => (float)random.NextDouble())];
        var workspace = new Workspace<float>(network, 2, forwardOnly: true);
        float[] before = network.Forward(inputs, 2, workspace).ToArray();
        network.ScaleOutputs(1.75f);
        float[] after = network.Forward(inputs, 2, workspace).ToArray();
        for (int i = 0; i < before.Length; i++)
        {
            Assert.Equal(before[i] * 1.75, after[i], 1e-5);
        }
    }

    [Fact]
    public void A_model_is_fitted_on_its_forward_pass_over_rows_of_any_count()
    {
        // 9,000 held-out rows run through the network in chunks; the same logits, one row at a
        // time, must give the same factor.
        using var folder = new TempFolder();
        var random = new Random(9);
        var csv = new StringBuilder("a,b,y\n");
        for (int r = 0; r < 9_000; r++)
        {
            double a = random.NextDouble() * 4 - 2,
                b = random.NextDouble() * 4 - 2;
            int label = a + 0.5 * b + (random.NextDouble() - 0.5) > 0 ? (a > 1 ? 2 : 1) : 0;
            csv.Append(CultureInfo.InvariantCulture, $"{a:0.####},{b:0.####},{label}\n");
        }
        var data = DatasetLoader.Load(folder.Write("d.csv", csv.ToString()), new DataOptions());
        var trained = Trainer.Train(
            data.Copy(),
            new TrainingSettings
            {
                Hidden = [6],
                Epochs = 2,
                LabelSmoothing = 0.1f,
            }
        );
        var model = trained.Model;
        int[] rows = [.. Enumerable.Range(0, data.Rows)];
        float factor = LogitScale.Fit(model, data, rows);
        var copy = data.Copy();
        Trainer.Rescale(copy, model.InputScaling);
        var inputs = copy.TakeRowMajor();
        var workspace = new Workspace<float>(model.Network, 1, forwardOnly: true);
        var logits = new double[data.Rows * 3];
        for (int r = 0; r < data.Rows; r++)
        {
            var row = model.Network.Forward(inputs.AsSpan(r * 2, 2), 1, workspace);
            for (int k = 0; k < 3; k++)
            {
                logits[r * 3 + k] = row[k];
            }
        }
        double[] targets = [.. copy.Target.Select(t => (double)t)];
        Assert.Equal(LogitScale.FitToLogits(TaskKind.Multiclass, logits, targets, 3), factor, 1e-4);
    }
}
