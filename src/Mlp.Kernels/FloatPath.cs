using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>
/// How the generic kernels hand float work to <see cref="KernelSelection.Kernels"/>: after a
/// <c>typeof(T) == typeof(float)</c> check (folded away by the JIT for each T), the spans are reinterpreted.
/// </summary>
internal static class FloatPath
{
    public static Span<float> AsFloat<T>(Span<T> values)
        where T : unmanaged => MemoryMarshal.Cast<T, float>(values);

    public static ReadOnlySpan<float> AsFloat<T>(ReadOnlySpan<T> values)
        where T : unmanaged => MemoryMarshal.Cast<T, float>(values);
}
