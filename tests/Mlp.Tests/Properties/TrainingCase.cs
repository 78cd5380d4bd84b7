using System.Globalization;
using System.Text;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Tests.Properties;

/// <summary>
/// A random training problem: a CSV (numeric columns of mixed scales and offsets, text
/// categories, gaps) and the settings to train it with (shape, activation, task, batch,
/// dropout, optimizer, validation, class weights, missing-value rule, thread count).
/// </summary>
internal sealed record TrainingCase
{
    public int Rows { get; init; }
    public int Numeric { get; init; }
    public int Categorical { get; init; }
    public int Levels { get; init; } = 3;
    public double GapRate { get; init; }
    public string Missing { get; init; } = "error";
    public bool MissingCategory { get; init; }
    public TaskKind Task { get; init; }
    public int Classes { get; init; } = 1;
    public int[] Hidden { get; init; } = [];
    public Activation Activation { get; init; }
    public OptimizerKind Optimizer { get; init; }
    public float LearningRate { get; init; } = 0.01f;
    public float L2 { get; init; }
    public float Dropout { get; init; }

    /// <summary>Rows per batch; 0 is the full batch.</summary>
    public int BatchSize { get; init; }
    public int Epochs { get; init; } = 1;
    public float Validation { get; init; }
    public bool Balanced { get; init; }

    /// <summary>--ensemble: members joined into one network (the commands' checks only).</summary>
    public int Ensemble { get; init; } = 1;

    /// <summary>
    /// --epochs auto instead of <see cref="Epochs"/> where there is no validation file: the epoch
    /// search, the refit and (without --ensemble) the ensemble chosen from the rows (the commands'
    /// checks only).
    /// </summary>
    public bool AutoEpochs { get; init; }

    /// <summary>A column "w" of per-row weights (--sample-weight in the steps' property; ignored by the commands').</summary>
    public bool SampleWeights { get; init; }

    public bool Standardize { get; init; } = true;
    public LrSchedule Schedule { get; init; }

    /// <summary>--patience with validation rows (the commands' property only).</summary>
    public int? Patience { get; init; }
    public Initialization Init { get; init; }

    /// <summary>The thread count of the run compared with one thread (2 or 3).</summary>
    public int Threads { get; init; } = 2;
    public int DataSeed { get; init; }

    public int Features => Numeric + Categorical;

    public static TrainingCase Draw(Random random)
    {
        var task = (TaskKind)random.Next(3);
        int classes =
            task == TaskKind.Binary ? 2
            : task == TaskKind.Multiclass ? random.Next(3, 7)
            : 1;
        int rows = Math.Max(LogUniform(random, 1, 600), classes);
        int features = LogUniform(random, 1, 40);
        int categorical = random.Next(4) == 0 ? Math.Min(features, random.Next(1, 4)) : 0;
        string missing =
            random.Next(3) == 0 ? "error" : Pick(random, "auto", "mean", "median", "most-frequent");
        int layers = random.Next(4);
        var activations = Enum.GetValues<Activation>();
        return new TrainingCase
        {
            Rows = rows,
            Numeric = features - categorical,
            Categorical = categorical,
            Levels = random.Next(2, 6),
            GapRate = missing == "error" ? 0 : 0.02 + 0.2 * random.NextDouble(),
            Missing = missing,
            MissingCategory = categorical > 0 && missing != "error" && random.Next(2) == 0,
            Task = task,
            Classes = classes,
            Hidden = [.. Enumerable.Range(0, layers).Select(_ => LogUniform(random, 1, 160))],
            Activation = activations[random.Next(activations.Length)],
            Optimizer = (OptimizerKind)random.Next(4),
            LearningRate = (float)Math.Pow(10, -3 + 2 * random.NextDouble()),
            L2 = random.Next(3) == 0 ? (float)Math.Pow(10, -4 + 3 * random.NextDouble()) : 0,
            Dropout =
                layers > 0 && random.Next(3) == 0 ? 0.05f + 0.45f * (float)random.NextDouble() : 0,
            BatchSize = random.Next(6) == 0 ? 0 : random.Next(1, rows + 6),
            Epochs = random.Next(1, 4),
            Validation =
                rows >= 20 && random.Next(3) == 0 ? 0.1f + 0.2f * (float)random.NextDouble() : 0,
            Balanced = task != TaskKind.Regression && random.Next(4) == 0,
            Init = (Initialization)random.Next(3),
            Threads = random.Next(2, 4),
            DataSeed = random.Next(),
            SampleWeights = random.Next(5) == 0,
            Standardize = random.Next(8) != 0,
            Schedule = random.Next(3) == 0 ? (LrSchedule)random.Next(4) : LrSchedule.Constant,
            Ensemble = random.Next(5) == 0 ? random.Next(2, 4) : 1,
            AutoEpochs = random.Next(20) == 0,
        };
    }

    /// <summary>Smaller cases to try when this one fails, simplest first.</summary>
    public IEnumerable<TrainingCase> Shrink()
    {
        if (AutoEpochs)
        {
            yield return this with
            {
                AutoEpochs = false,
            };
        }
        if (Ensemble > 1)
        {
            yield return this with
            {
                Ensemble = 1,
            };
        }
        if (Epochs > 1)
        {
            yield return this with
            {
                Epochs = 1,
            };
        }
        if (Dropout > 0)
        {
            yield return this with
            {
                Dropout = 0,
            };
        }
        if (Validation > 0)
        {
            yield return this with
            {
                Validation = 0,
            };
        }
        if (Balanced)
        {
            yield return this with
            {
                Balanced = false,
            };
        }
        if (SampleWeights)
        {
            yield return this with
            {
                SampleWeights = false,
            };
        }
        if (!Standardize)
        {
            yield return this with
            {
                Standardize = true,
            };
        }
        if (Schedule != LrSchedule.Constant)
        {
            yield return this with
            {
                Schedule = LrSchedule.Constant,
            };
        }
        if (GapRate > 0)
        {
            yield return this with
            {
                GapRate = 0,
                Missing = "error",
                MissingCategory = false,
            };
        }
        if (Categorical > 0)
        {
            yield return this with
            {
                Categorical = 0,
                Numeric = Math.Max(1, Numeric),
                MissingCategory = false,
            };
        }
        if (Rows > Classes)
        {
            foreach (
                int rows in new[] { Rows / 2, Rows * 3 / 4, Rows * 9 / 10, Rows - 1 }
                    .Where(r => r < Rows)
                    .Distinct()
            )
            {
                int kept = Math.Max(Classes, rows);
                yield return this with
                {
                    Rows = kept,
                    BatchSize = Math.Min(BatchSize, kept + 5),
                    Validation = kept >= 20 ? Validation : 0,
                };
            }
        }
        if (Numeric > 1)
        {
            yield return this with
            {
                Numeric = Numeric / 2,
            };
            yield return this with
            {
                Numeric = Numeric - 1,
            };
        }
        for (int l = 0; l < Hidden.Length; l++)
        {
            yield return this with
            {
                Hidden = [.. Hidden[..l], .. Hidden[(l + 1)..]],
                Dropout = Hidden.Length > 1 ? Dropout : 0,
            };
            if (Hidden[l] > 1)
            {
                var narrower = (int[])Hidden.Clone();
                narrower[l] /= 2;
                yield return this with
                {
                    Hidden = narrower,
                };
                narrower = (int[])Hidden.Clone();
                narrower[l]--;
                yield return this with
                {
                    Hidden = narrower,
                };
            }
        }
        if (BatchSize > 1)
        {
            yield return this with
            {
                BatchSize = BatchSize / 2,
            };
            yield return this with
            {
                BatchSize = BatchSize - 1,
            };
        }
        if (Optimizer != OptimizerKind.Sgd)
        {
            yield return this with
            {
                Optimizer = OptimizerKind.Sgd,
            };
        }
        if (L2 > 0)
        {
            yield return this with
            {
                L2 = 0,
            };
        }
    }

    /// <summary>The data set as CSV: x0… numeric, k0… text categories, then the target.</summary>
    public string Csv()
    {
        var random = new Random(DataSeed);
        var scales = Enumerable
            .Range(0, Numeric)
            .Select(_ => Math.Pow(10, random.Next(-3, 4)))
            .ToArray();
        var offsets = Enumerable
            .Range(0, Numeric)
            .Select(_ => random.Next(5) == 0 ? Math.Pow(10, random.Next(2, 7)) : 0)
            .ToArray();
        var coefficients = Enumerable
            .Range(0, Features * Math.Max(1, Classes))
            .Select(_ => random.NextDouble() * 2 - 1)
            .ToArray();
        var header = Enumerable
            .Range(0, Numeric)
            .Select(j => $"x{j}")
            .Concat(Enumerable.Range(0, Categorical).Select(j => $"k{j}"))
            .Concat(SampleWeights ? ["w"] : Array.Empty<string>())
            .Append("target");
        var csv = new StringBuilder(string.Join(",", header)).Append('\n');
        var signal = new double[Features];
        for (int r = 0; r < Rows; r++)
        {
            var cells = new List<string>();
            for (int j = 0; j < Numeric; j++)
            {
                double standard = random.NextDouble() * 2 - 1;
                signal[j] = standard;
                double value = offsets[j] + standard * scales[j];
                cells.Add(Gap(random, r) ? "" : value.ToString("R", CultureInfo.InvariantCulture));
            }
            for (int j = 0; j < Categorical; j++)
            {
                int level = random.Next(Levels);
                signal[Numeric + j] = level / (double)Levels;
                cells.Add(
                    (MissingCategory || Missing == "auto") && Gap(random, r) ? "" : $"c{level}"
                );
            }
            if (SampleWeights)
            {
                // Weights from 0 to 3, the first row's above 0 so they never all are.
                double weight =
                    r == 0 ? 1
                    : random.Next(6) == 0 ? 0
                    : 3 * random.NextDouble();
                cells.Add(weight.ToString("R", CultureInfo.InvariantCulture));
            }
            cells.Add(Target(random, r, signal, coefficients));
            csv.Append(string.Join(",", cells)).Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>A gap here? Never in the first row, so no column is all gaps.</summary>
    private bool Gap(Random random, int row) =>
        row > 0 && GapRate > 0 && random.NextDouble() < GapRate;

    private string Target(Random random, int row, double[] signal, double[] coefficients)
    {
        if (Task == TaskKind.Regression)
        {
            double y = Enumerable.Range(0, Features).Sum(j => coefficients[j] * signal[j]);
            y = 100 * (Math.Sin(3 * y) + 0.1 * (random.NextDouble() - 0.5)) + 0.5;
            return y.ToString("R", CultureInfo.InvariantCulture);
        }
        int label;
        if (row < Classes)
        {
            label = row; // every class appears
        }
        else
        {
            label = Enumerable
                .Range(0, Classes)
                .MaxBy(c =>
                    Enumerable
                        .Range(0, Features)
                        .Sum(j => coefficients[c * Features + j] * signal[j])
                    + 0.3 * random.NextDouble()
                );
        }
        return Task == TaskKind.Binary ? (label == 1 ? "yes" : "no") : $"class{label}";
    }

    public override string ToString() =>
        $"{Rows} rows × ({Numeric} numeric + {Categorical} categorical of {Levels}), gaps {GapRate:R} ({Missing}{(MissingCategory ? ", missing category" : "")}), "
        + $"{Task} ({Classes}), hidden [{string.Join(",", Hidden)}] {Activation}, {Optimizer} lr {LearningRate:R} l2 {L2:R}, "
        + $"dropout {Dropout:R}, batch {(BatchSize == 0 ? "full" : BatchSize)}, {Epochs} epochs, validation {Validation:R}, "
        + $"{(Balanced ? "balanced, " : "")}{(SampleWeights ? "sample weights, " : "")}{(Standardize ? "" : "no standardize, ")}{(Schedule == LrSchedule.Constant ? "" : $"schedule {Schedule}, ")}{(Patience is int p ? $"patience {p}, " : "")}init {Init}, {(Ensemble > 1 ? $"ensemble {Ensemble}, " : "")}{(AutoEpochs ? "epochs auto, " : "")}threads {Threads}, data seed {DataSeed}";

    private static int LogUniform(Random random, int low, int high) =>
        Math.Clamp(
            (int)Math.Round(low * Math.Pow(high / (double)low, random.NextDouble())),
            low,
            high
        );

    private static string Pick(Random random, params string[] values) =>
        values[random.Next(values.Length)];
}
