using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mlp.Kernels;

/// <summary>
/// The one place that decides which variant every float kernel runs (matrix products,
/// element-wise kernels, reductions, optimizers), once per process.
/// The default is the widest variant measured faster on this kind of CPU: Vector256 on x86
/// with AVX2 and FMA, Vector128 where only 16-byte vectors are accelerated (Arm64, older
/// x86), scalar without SIMD. Vector512 is never the default: on the one AVX-512 machine it was
/// measured on (a Zen 5 VM) its kernels ran up to 2× slower than Vector256, so it runs
/// only when forced. <c>MLP_KERNELS=scalar|vector128|avx2|avx512</c> forces a variant; one
/// the CPU cannot run falls back to the default.
/// </summary>
public static class KernelSelection
{
    public const string EnvironmentVariable = "MLP_KERNELS";

    /// <summary>The variant this process runs.</summary>
    public static KernelVariant Current { get; } =
        Choose(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The variant chosen when none is forced.</summary>
    public static KernelVariant Default { get; } = Detect();

    /// <summary>
    /// Whether the default Vector256 kernels hand large products (at least
    /// <see cref="Gemm.ParallelWork"/> multiply-adds, the ones split across threads) to the
    /// Vector512 tiles: on a CPU with AVX-512 when no variant is forced. Measured on a Zen 5 VM
    /// with AVX-512: such products ran 1.6-1.9x faster on Vector512 tiles, while smaller ones
    /// ran up to 3x slower (48x256x32: 42 against 120 GFLOP/s).
    /// </summary>
    public static bool WideTiles { get; } =
        Parse(Environment.GetEnvironmentVariable(EnvironmentVariable)) is null
        && Detect() == KernelVariant.Vector256
        && IsSupported(KernelVariant.Vector512);

    /// <summary>The float kernels of <see cref="Current"/>.</summary>
    public static IFloatKernels Kernels { get; } =
        WideTiles ? VectorKernels<Width256, Vector256<float>>.WithVector512Tiles : For(Current);

    /// <summary>Every variant this CPU runs, narrowest first (tests and benchmarks run each).</summary>
    public static IReadOnlyList<KernelVariant> Supported { get; } = ListSupported();

    public static bool IsSupported(KernelVariant variant) =>
        variant switch
        {
            KernelVariant.Scalar => true,
            KernelVariant.Vector128 => Vector128.IsHardwareAccelerated,
            KernelVariant.Vector256 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
            KernelVariant.Vector512 => Avx512F.IsSupported,
            _ => false,
        };

    /// <summary>The kernels of one variant, which must be supported.</summary>
    public static IFloatKernels For(KernelVariant variant) =>
        variant switch
        {
            KernelVariant.Vector512 => VectorKernels<Width512, Vector512<float>>.Instance,
            KernelVariant.Vector256 => VectorKernels<Width256, Vector256<float>>.Instance,
            KernelVariant.Vector128 => VectorKernels<Width128, Vector128<float>>.Instance,
            _ => ScalarKernels.Instance,
        };

    /// <summary>The variant an <c>MLP_KERNELS</c> value names, or null for an unknown name.</summary>
    public static KernelVariant? Parse(string? name) =>
        name?.Trim().ToLowerInvariant() switch
        {
            "scalar" => KernelVariant.Scalar,
            "vector128" => KernelVariant.Vector128,
            "avx2" or "vector256" => KernelVariant.Vector256,
            "avx512" or "vector512" => KernelVariant.Vector512,
            _ => null,
        };

    private static KernelVariant[] ListSupported()
    {
        var supported = new List<KernelVariant>();
        foreach (var variant in Enum.GetValues<KernelVariant>())
        {
            if (IsSupported(variant))
            {
                supported.Add(variant);
            }
        }
        return [.. supported];
    }

    private static KernelVariant Detect()
    {
        if (IsSupported(KernelVariant.Vector256))
        {
            return KernelVariant.Vector256;
        }
        return IsSupported(KernelVariant.Vector128)
            ? KernelVariant.Vector128
            : KernelVariant.Scalar;
    }

    private static KernelVariant Choose(string? forced) =>
        Parse(forced) is { } wanted && IsSupported(wanted) ? wanted : Detect();
}
