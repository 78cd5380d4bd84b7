using Mlp.Kernels;

namespace Mlp.Training;

/// <summary>
/// --hidden auto and --activation auto under --epochs auto: two GELU layers of 128 below
/// <see cref="LargeRows"/> training rows, where they generalized best on the meta-train suite
/// (bench/results/defaults-candidates.md), and two layers of 64 from there, which were as good
/// as 128,128 and as one layer of 64 on the large meta-train sets, at a third of 128,128's time,
/// and better than one layer on diamonds' 38,000 rows (R² 0.979 against 0.975).
/// </summary>
internal static class AutoCapacity
{
    public const Activation Activation = Mlp.Kernels.Activation.Gelu;
    public const int LargeRows = 10_000;

    public static int[] HiddenFor(int trainingRows) =>
        trainingRows < LargeRows ? [128, 128] : [64, 64];
}
