namespace Mlp.Kernels;

/// <summary>The instruction-set variants of the float kernels, narrowest first.</summary>
public enum KernelVariant
{
    /// <summary>The scalar references: one element at a time.</summary>
    Scalar,

    /// <summary>16-byte vectors (<see cref="Width128"/>): Arm64's AdvSimd, or SSE on x86 without AVX2.</summary>
    Vector128,

    /// <summary>32-byte vectors with FMA (<see cref="Width256"/>): AVX2 on x86; <c>MLP_KERNELS=avx2</c>.</summary>
    Vector256,

    /// <summary>64-byte vectors (<see cref="Width512"/>): AVX-512 on x86; <c>MLP_KERNELS=avx512</c>.</summary>
    Vector512,
}
