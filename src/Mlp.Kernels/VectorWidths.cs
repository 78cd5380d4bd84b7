using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mlp.Kernels;

/// <summary>
/// The operations a vector width offers the kernels: one struct per width, so each kernel is
/// written once and instantiated for <see cref="Width128"/>, <see cref="Width256"/> and <see cref="Width512"/>.
/// </summary>
public interface IVectorWidth<TVector>
    where TVector : struct
{
    static abstract int Count { get; }
    static abstract TVector Load(ref float source);
    static abstract void Store(TVector value, ref float destination);
    static abstract TVector Broadcast(float value);

    /// <summary>a·b + addend, rounded once where the CPU has fused multiply-add.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);
    static abstract TVector Zero { get; }
    static abstract TVector One { get; }
    static abstract TVector Add(TVector a, TVector b);
    static abstract TVector Subtract(TVector a, TVector b);
    static abstract TVector Multiply(TVector a, TVector b);
    static abstract TVector Divide(TVector a, TVector b);
    static abstract TVector SquareRoot(TVector value);

    /// <summary>Per lane: z &gt; 0 ? ifPositive : otherwise.</summary>
    static abstract TVector WherePositive(TVector z, TVector ifPositive, TVector otherwise);

    /// <summary>Sum of the lanes, in a fixed order.</summary>
    static abstract float Sum(TVector value);

    /// <summary>e^x per lane (the runtime's vector approximation, within a few ulp).</summary>
    static abstract TVector Exp(TVector x);

    /// <summary>The natural logarithm per lane.</summary>
    static abstract TVector Log(TVector x);
}

/// <summary>16-byte vectors: SSE on x86, AdvSimd on Arm64.</summary>
public readonly struct Width128 : IVectorWidth<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination) =>
        value.StoreUnsafe(ref destination);

    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    /// <summary>Fused where the CPU has FMA (Arm64, x86 with FMA3); a multiply and an add on older x86, where a software FMA would be far slower.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(
        Vector128<float> a,
        Vector128<float> b,
        Vector128<float> addend
    ) => Vector128.MultiplyAddEstimate(a, b, addend);

    public static Vector128<float> Zero => Vector128<float>.Zero;
    public static Vector128<float> One => Vector128<float>.One;

    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;

    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;

    public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;

    public static Vector128<float> SquareRoot(Vector128<float> value) => Vector128.Sqrt(value);

    public static Vector128<float> WherePositive(
        Vector128<float> z,
        Vector128<float> ifPositive,
        Vector128<float> otherwise
    ) =>
        Vector128.ConditionalSelect(
            Vector128.GreaterThan(z, Vector128<float>.Zero),
            ifPositive,
            otherwise
        );

    public static float Sum(Vector128<float> value) => Vector128.Sum(value);

    public static Vector128<float> Exp(Vector128<float> x) => Vector128.Exp(x);

    public static Vector128<float> Log(Vector128<float> x) => Vector128.Log(x);
}

/// <summary>32-byte vectors with FMA: AVX2 on x86.</summary>
public readonly struct Width256 : IVectorWidth<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination) =>
        value.StoreUnsafe(ref destination);

    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(
        Vector256<float> a,
        Vector256<float> b,
        Vector256<float> addend
    ) => Vector256.FusedMultiplyAdd(a, b, addend);

    public static Vector256<float> Zero => Vector256<float>.Zero;
    public static Vector256<float> One => Vector256<float>.One;

    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;

    public static Vector256<float> SquareRoot(Vector256<float> value) => Vector256.Sqrt(value);

    public static Vector256<float> WherePositive(
        Vector256<float> z,
        Vector256<float> ifPositive,
        Vector256<float> otherwise
    ) =>
        Vector256.ConditionalSelect(
            Vector256.GreaterThan(z, Vector256<float>.Zero),
            ifPositive,
            otherwise
        );

    public static float Sum(Vector256<float> value) => Vector256.Sum(value);

    public static Vector256<float> Exp(Vector256<float> x) => Vector256.Exp(x);

    public static Vector256<float> Log(Vector256<float> x) => Vector256.Log(x);
}

/// <summary>64-byte vectors: AVX-512 on x86.</summary>
public readonly struct Width512 : IVectorWidth<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination) =>
        value.StoreUnsafe(ref destination);

    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(
        Vector512<float> a,
        Vector512<float> b,
        Vector512<float> addend
    ) => Vector512.FusedMultiplyAdd(a, b, addend);

    public static Vector512<float> Zero => Vector512<float>.Zero;
    public static Vector512<float> One => Vector512<float>.One;

    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;

    public static Vector512<float> SquareRoot(Vector512<float> value) => Vector512.Sqrt(value);

    public static Vector512<float> WherePositive(
        Vector512<float> z,
        Vector512<float> ifPositive,
        Vector512<float> otherwise
    ) =>
        Vector512.ConditionalSelect(
            Vector512.GreaterThan(z, Vector512<float>.Zero),
            ifPositive,
            otherwise
        );

    public static float Sum(Vector512<float> value) => Vector512.Sum(value);

    public static Vector512<float> Exp(Vector512<float> x) => Vector512.Exp(x);

    public static Vector512<float> Log(Vector512<float> x) => Vector512.Log(x);
}
