using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mlp.Kernels;

/// <summary>The instruction-set variants of the float kernels.</summary>
public enum KernelVariant
{
    Scalar,
    Avx2,
    Avx512,
}

/// <summary>
/// Picks the variant once: the widest the CPU runs, unless the environment variable
/// <c>MLP_KERNELS=scalar|avx2|avx512</c> forces one (a forced variant the CPU lacks falls
/// back to the best available).
/// </summary>
public static class KernelSelection
{
    public static KernelVariant Best { get; } = Detect();

    public static KernelVariant Current { get; } =
        Choose(Environment.GetEnvironmentVariable("MLP_KERNELS"));

    private static KernelVariant Detect()
    {
        if (Avx512F.IsSupported)
        {
            return KernelVariant.Avx512;
        }
        return Vector256.IsHardwareAccelerated && Fma.IsSupported
            ? KernelVariant.Avx2
            : KernelVariant.Scalar;
    }

    private static KernelVariant Choose(string? forced)
    {
        var wanted = forced?.Trim().ToLowerInvariant() switch
        {
            "scalar" => KernelVariant.Scalar,
            "avx2" => KernelVariant.Avx2,
            "avx512" => KernelVariant.Avx512,
            _ => Best,
        };
        return wanted <= Best ? wanted : Best;
    }
}
