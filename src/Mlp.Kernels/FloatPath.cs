using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>
/// How the generic kernels hand float work to <see cref="KernelSelection.Kernels"/>: the
/// kernels when T is float (the check is folded away by the JIT for each T), and the spans
/// reinterpreted as float. Every generic entry point opens with
/// <c>if (FloatPath.Kernels&lt;T&gt;() is { } kernels)</c> and otherwise runs its scalar reference.
/// </summary>
internal static class FloatPath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IFloatKernels? Kernels<T>() =>
        typeof(T) == typeof(float) ? KernelSelection.Kernels : null;

    public static Span<float> AsFloat<T>(Span<T> values)
        where T : unmanaged => MemoryMarshal.Cast<T, float>(values);

    public static ReadOnlySpan<float> AsFloat<T>(ReadOnlySpan<T> values)
        where T : unmanaged => MemoryMarshal.Cast<T, float>(values);
}
