using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>
/// How the generic kernels hand float work to their vectorized variants: the check (folded
/// away by the JIT for each T) and the span reinterpretation.
/// </summary>
internal static class FloatPath
{
    /// <summary>True when T is float and a SIMD variant is selected.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsVectorized<T>() =>
        typeof(T) == typeof(float) && KernelSelection.Current != KernelVariant.Scalar;

    public static Span<float> AsFloat<T>(Span<T> values)
        where T : unmanaged => MemoryMarshal.Cast<T, float>(values);

    public static ReadOnlySpan<float> AsFloat<T>(ReadOnlySpan<T> values)
        where T : unmanaged => MemoryMarshal.Cast<T, float>(values);
}
