using Mlp.Data;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// --ensemble K: K networks of the same shape trained alone from different seeds (the first
/// from --seed), then joined into one network whose output is the mean of theirs. The join is
/// exact: the members' first layers side by side, each later hidden layer block-diagonal (a
/// member's units see only its own), and the last layer their output weights over K and the
/// mean of their biases, so every command reads the ensemble as the one network it is: its
/// logits are the mean of the members' logits.
/// </summary>
internal static class Ensemble
{
    /// <summary>--ensemble auto's largest count, and the training rows × members it aims at.</summary>
    public const int MaxAutoMembers = 5;
    public const int AutoRowBudget = 20_000;

    /// <summary>
    /// --ensemble auto: <see cref="MaxAutoMembers"/> on small data, where averaging helps most
    /// and costs least, fewer as the rows grow (the training time stays near that of
    /// <see cref="AutoRowBudget"/> rows), one from half the budget.
    /// </summary>
    public static int MembersFor(int trainingRows) =>
        Math.Clamp(AutoRowBudget / Math.Max(trainingRows, 1), 1, MaxAutoMembers);

    /// <summary>Member <paramref name="member"/>'s seed: --seed for the first.</summary>
    public static long Seed(long seed, int member) =>
        member == 0 ? seed : (long)Rng.For(seed, RngStream.EnsembleMembers, member).NextUInt64();

    public static TrainingResult Train(
        Dataset data,
        TrainingSettings settings,
        EpochSearch.Pass train
    )
    {
        // Every member holds out the same validation rows, --seed's: they are put last and
        // marked, as --validation-data's rows are.
        var (trainRows, validationRows) = Trainer.Split(data, settings);
        var ordered = ValidationLast(data, trainRows, validationRows);
        var original = ordered.Copy();
        var members = new TrainingResult[settings.Ensemble];
        for (int k = 0; k < members.Length; k++)
        {
            bool last = k == members.Length - 1;
            members[k] = train(
                last ? ordered : original.Copy(),
                settings with
                {
                    Seed = Seed(settings.Seed, k),
                },
                k == 0
            );
        }
        var first = members[0].Model;
        var model = new MlpModel
        {
            Schema = first.Schema,
            Network = Join([.. members.Select(m => m.Model.Network)]),
            InputScaling = first.InputScaling,
            TargetScaling = first.TargetScaling,
            Settings = settings,
            History = first.History,
        };
        int trained = trainRows.Length;
        int[] heldOut = [.. Enumerable.Range(trained, validationRows.Length)];
        return members[0] with
        {
            EnsembleValidationLoss =
                heldOut.Length == 0
                    ? null
                    : Trainer.Loss(
                        model,
                        original,
                        [.. Enumerable.Range(0, trained)],
                        heldOut,
                        settings
                    ),
            Model = model,
            Steps = members.Sum(m => m.Steps),
            TrainSeconds = members.Sum(m => m.TrainSeconds),
            TrainingMetrics = CrossValidation.Score(
                model,
                original,
                [.. Enumerable.Range(0, trained)]
            ),
            ValidationMetrics =
                validationRows.Length == 0 ? null : CrossValidation.Score(model, original, heldOut),
        };
    }

    private static Dataset ValidationLast(Dataset data, int[] trainRows, int[] validationRows)
    {
        if (validationRows.Length == 0)
        {
            return data;
        }
        var ordered = CrossValidation.Rows(data, [.. trainRows, .. validationRows]);
        return new Dataset
        {
            Schema = ordered.Schema,
            Columns = ordered.Columns,
            Origins = ordered.Origins,
            Target = ordered.Target,
            File = ordered.File,
            Weights = ordered.Weights,
            ValidationRows = validationRows.Length,
        };
    }

    /// <summary>One network computing the mean of the members' logits (see the class comment).</summary>
    public static Network<float> Join(Network<float>[] members)
    {
        int count = members.Length;
        var shapes = members[0].Layers;
        int last = shapes.Length - 1;
        var joined = new Network<float>([
            .. shapes.Select(
                (shape, l) =>
                    shape with
                    {
                        InputCount = l == 0 ? shape.InputCount : shape.InputCount * count,
                        OutputCount = l == last ? shape.OutputCount : shape.OutputCount * count,
                    }
            ),
        ]);
        for (int l = 0; l < shapes.Length; l++)
        {
            var (inputs, outputs) = (shapes[l].InputCount, shapes[l].OutputCount);
            int joinedInputs = joined.Layers[l].InputCount;
            var weights = joined.Weights(l);
            var bias = joined.Bias(l);
            for (int k = 0; k < count; k++)
            {
                var memberWeights = members[k].Weights(l);
                var memberBias = members[k].Bias(l);
                int row0 = l == last ? 0 : k * outputs;
                int column0 = l == 0 ? 0 : k * inputs;
                float share = l == last ? 1f / count : 1f;
                for (int o = 0; o < outputs; o++)
                {
                    for (int i = 0; i < inputs; i++)
                    {
                        // Added: without a hidden layer every member's weights land on the same ones.
                        weights[(row0 + o) * joinedInputs + column0 + i] +=
                            share * memberWeights[o * inputs + i];
                    }
                    bias[row0 + o] += share * memberBias[o];
                }
            }
        }
        joined.UseBlocks(count);
        return joined;
    }
}
