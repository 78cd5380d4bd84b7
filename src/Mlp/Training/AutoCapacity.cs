using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// --hidden auto and --activation auto under --epochs auto: GELU layers, two of 128 below
/// <see cref="LargeRows"/> training rows, where they generalized best on the meta-train suite,
/// and two of 64 from there, which did best on its 40,000-row sets (noisy labels and targets:
/// 0.938 against 0.925 with 256). A multiclass target also tries two layers of 256 and keeps
/// whichever shape reaches the lower held-out loss in the epoch search (<see cref="CapacitySearch"/>):
/// many classes with clean boundaries want the width (a 26-class set of 20,000 rows: 0.925 with
/// 64, 0.940 with 256), and the held-out loss picked the better shape on nearly every split. On
/// binary and regression targets the wide shape won nothing on the meta-train suite and cost two
/// to five times the time (bench/results/defaults-candidates.md).
/// </summary>
internal static class AutoCapacity
{
    public const Activation Activation = Mlp.Kernels.Activation.Gelu;
    public const int LargeRows = 10_000;

    /// <summary>The wide candidate, tried beside the rows' width.</summary>
    public static readonly int[] Wide = [256, 256];

    public static int[] HiddenFor(int trainingRows) =>
        trainingRows < LargeRows ? [128, 128] : [64, 64];

    /// <summary>The shapes searched, the rows' width first: it is kept on a tie, and alone where too few rows can be held out to compare.</summary>
    public static int[][] Candidates(int trainingRows, TaskKind task) =>
        task == TaskKind.Multiclass ? [HiddenFor(trainingRows), Wide] : [HiddenFor(trainingRows)];

    /// <summary>The rule as the help and the JSON state it.</summary>
    public static string Rule =>
        $"{string.Join(",", HiddenFor(0))} below {LargeRows} training rows, else {string.Join(",", HiddenFor(LargeRows))}; a multiclass target also tries {string.Join(",", Wide)} and keeps the lower held-out loss";
}
