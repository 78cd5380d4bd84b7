using Mlp.Kernels;

namespace Mlp.Training;

/// <summary>
/// --hidden auto and --activation auto under --epochs auto: two GELU layers of 128 below
/// <see cref="LargeRows"/> training rows, where they generalized best on the meta-train suite
/// (bench/results/defaults-candidates.md), and one layer of 64 from there, which was as good
/// on the large sets at a third of the time.
/// </summary>
internal static class AutoCapacity
{
    public const Activation Activation = Mlp.Kernels.Activation.Gelu;
    public const int LargeRows = 10_000;

    public static int[] HiddenFor(int trainingRows) => trainingRows < LargeRows ? [128, 128] : [64];
}
