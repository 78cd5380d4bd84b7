using System.Numerics;
using System.Runtime.CompilerServices;

namespace Mlp.Kernels;

/// <summary>
/// One update step of each optimizer over a parameter tensor, in PyTorch's formulation.
/// <c>l2</c> adds l2·w to the gradient (coupled); <c>decoupledDecay</c> shrinks the weight by
/// lr·decay before the Adam step (AdamW).
/// </summary>
public static class Optimizers
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgd<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate, T l2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FloatPath.Kernels<T>() is { } kernels)
        {
            kernels.Sgd(
                FloatPath.AsFloat(parameters),
                FloatPath.AsFloat(gradients),
                float.CreateTruncating(learningRate),
                float.CreateTruncating(l2)
            );
            return;
        }
        SgdScalar(parameters, gradients, learningRate, l2);
    }

    /// <summary>The reference of <see cref="Sgd"/>: w −= lr·(g + l2·w).</summary>
    public static void SgdScalar<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        T learningRate,
        T l2
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] -= learningRate * (gradients[i] + l2 * parameters[i]);
        }
    }

    /// <summary>velocity = μ·velocity + g; w −= lr·velocity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Momentum<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> velocity,
        T learningRate,
        T momentum,
        T l2
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FloatPath.Kernels<T>() is { } kernels)
        {
            kernels.Momentum(
                FloatPath.AsFloat(parameters),
                FloatPath.AsFloat(gradients),
                FloatPath.AsFloat(velocity),
                float.CreateTruncating(learningRate),
                float.CreateTruncating(momentum),
                float.CreateTruncating(l2)
            );
            return;
        }
        MomentumScalar(parameters, gradients, velocity, learningRate, momentum, l2);
    }

    /// <summary>The reference of <see cref="Momentum"/>.</summary>
    public static void MomentumScalar<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> velocity,
        T learningRate,
        T momentum,
        T l2
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradients[i] + l2 * parameters[i];
            velocity[i] = momentum * velocity[i] + g;
            parameters[i] -= learningRate * velocity[i];
        }
    }

    /// <summary>
    /// Adam with bias correction; <paramref name="step"/> counts from 1.
    /// m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²; w −= lr · m̂ / (√v̂ + ε).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adam<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> firstMoment,
        Span<T> secondMoment,
        in AdamSettings<T> settings,
        long step
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FloatPath.Kernels<T>() is { } kernels)
        {
            var s = settings;
            var floatSettings = Unsafe.As<AdamSettings<T>, AdamSettings<float>>(ref s);
            kernels.Adam(
                FloatPath.AsFloat(parameters),
                FloatPath.AsFloat(gradients),
                FloatPath.AsFloat(firstMoment),
                FloatPath.AsFloat(secondMoment),
                floatSettings,
                step
            );
            return;
        }
        AdamScalar(parameters, gradients, firstMoment, secondMoment, settings, step);
    }

    /// <summary>The reference of <see cref="Adam{T}"/>.</summary>
    public static void AdamScalar<T>(
        Span<T> parameters,
        ReadOnlySpan<T> gradients,
        Span<T> firstMoment,
        Span<T> secondMoment,
        in AdamSettings<T> settings,
        long step
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T beta1 = settings.Beta1;
        T beta2 = settings.Beta2;
        T firstCorrection = T.One - T.Pow(beta1, T.CreateTruncating(step));
        T secondCorrection = T.One - T.Pow(beta2, T.CreateTruncating(step));
        T stepSize = settings.LearningRate / firstCorrection;
        T sqrtSecondCorrection = T.Sqrt(secondCorrection);
        T shrink = T.One - settings.LearningRate * settings.DecoupledDecay;
        for (int i = 0; i < parameters.Length; i++)
        {
            T w = parameters[i] * shrink;
            T g = gradients[i] + settings.L2 * parameters[i];
            T m = beta1 * firstMoment[i] + (T.One - beta1) * g;
            T v = beta2 * secondMoment[i] + (T.One - beta2) * g * g;
            firstMoment[i] = m;
            secondMoment[i] = v;
            parameters[i] =
                w - stepSize * m / (T.Sqrt(v) / sqrtSecondCorrection + settings.Epsilon);
        }
    }
}

public readonly record struct AdamSettings<T>(
    T LearningRate,
    T Beta1,
    T Beta2,
    T Epsilon,
    T L2,
    T DecoupledDecay
)
    where T : unmanaged, IFloatingPointIeee754<T>;
