using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>
/// <see cref="FeatureMajor"/>'s products at one vector width: each vector holds consecutive
/// rows of one feature, so the loops run along the rows whatever the layer's width.
/// </summary>
internal static class FeatureMajorVector<TWidth, TVector>
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    /// <summary>
    /// See <see cref="FeatureMajor.Combine"/>. Two outputs × four vectors of rows at a time
    /// (eight independent sums sharing each load of the input), then the rows left over.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Combine(
        ReadOnlySpan<float> coefficients,
        bool transposed,
        ReadOnlySpan<float> bias,
        ReadOnlySpan<float> input,
        Span<float> output,
        int m,
        int k,
        int rows,
        Activation activation,
        Span<float> activated,
        ReadOnlySpan<float> gate
    )
    {
        var shape = new CombineShape(
            transposed ? 1 : k,
            transposed ? m : 1,
            k,
            rows,
            activation == Activation.LeakyRelu ? (float)Activations.LeakySlope : 0f
        );
        var operands = new CombineOperands(coefficients, bias, input, output, activated, gate);
        if (!gate.IsEmpty)
        {
            Combine<ActivationsVector<TWidth, TVector>.Linear, Kinked>(operands, m, shape);
            return;
        }
        switch (activation)
        {
            case Activation.Relu:
                Combine<ActivationsVector<TWidth, TVector>.Rectified, Ungated>(operands, m, shape);
                break;
            case Activation.LeakyRelu:
                Combine<ActivationsVector<TWidth, TVector>.Leaky, Ungated>(operands, m, shape);
                break;
            default:
                Combine<ActivationsVector<TWidth, TVector>.Linear, Ungated>(operands, m, shape);
                break;
        }
    }

    /// <summary>What <see cref="Combine"/> stores as its output: the sum, or the sum through a kink's derivative.</summary>
    private interface IGate
    {
        static abstract TVector Of(TVector sum, ref float z, TVector slope);
        static abstract float Of(float sum, ref float z, float slope);
    }

    /// <summary>The sum itself; z is never read.</summary>
    private readonly struct Ungated : IGate
    {
        public static TVector Of(TVector sum, ref float z, TVector slope) => sum;

        public static float Of(float sum, ref float z, float slope) => sum;
    }

    /// <summary>sum · (z &gt; 0 ? 1 : slope): the ReLU family's derivative, as <see cref="Activations.Backward"/> applies it.</summary>
    private readonly struct Kinked : IGate
    {
        public static TVector Of(TVector sum, ref float z, TVector slope) =>
            TWidth.WherePositive(TWidth.Load(ref z), sum, TWidth.Multiply(sum, slope));

        public static float Of(float sum, ref float z, float slope) => sum * (z > 0 ? 1f : slope);
    }

    /// <summary>The spans of one <see cref="Combine"/>; <see cref="Activated"/> and <see cref="Gate"/> may be empty.</summary>
    private readonly ref struct CombineOperands(
        ReadOnlySpan<float> coefficients,
        ReadOnlySpan<float> bias,
        ReadOnlySpan<float> input,
        Span<float> output,
        Span<float> activated,
        ReadOnlySpan<float> gate
    )
    {
        public ReadOnlySpan<float> Coefficients { get; } = coefficients;
        public ReadOnlySpan<float> Bias { get; } = bias;
        public ReadOnlySpan<float> Input { get; } = input;
        public Span<float> Output { get; } = output;
        public Span<float> Activated { get; } = activated;
        public ReadOnlySpan<float> Gate { get; } = gate;
    }

    /// <summary>
    /// <see cref="Combine"/> storing TGate(sum), and writing TOutput(sum) into the activated
    /// span too unless it is empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Combine<TOutput, TGate>(CombineOperands operands, int m, CombineShape shape)
        where TOutput : ActivationsVector<TWidth, TVector>.IBiasedOutput
        where TGate : IGate
    {
        int width = TWidth.Count;
        int k = shape.K;
        int rows = shape.Rows;
        var bias = operands.Bias;
        bool activate = !operands.Activated.IsEmpty;
        var slopes = TWidth.Broadcast(shape.Slope);
        ref float coefficientStart = ref MemoryMarshal.GetReference(operands.Coefficients);
        ref float inputStart = ref MemoryMarshal.GetReference(operands.Input);
        ref float outputStart = ref MemoryMarshal.GetReference(operands.Output);
        ref float activatedStart = ref MemoryMarshal.GetReference(operands.Activated);
        ref float gateStart = ref MemoryMarshal.GetReference(operands.Gate);
        int blockRows = rows - rows % (4 * width);
        int i = 0;
        for (; i <= m - 2; i += 2)
        {
            float startA = bias.IsEmpty ? 0f : bias[i];
            float startB = bias.IsEmpty ? 0f : bias[i + 1];
            ref float coefficientsA = ref Unsafe.Add(ref coefficientStart, i * shape.RowStride);
            ref float coefficientsB = ref Unsafe.Add(ref coefficientsA, shape.RowStride);
            ref float outputA = ref Unsafe.Add(ref outputStart, i * rows);
            ref float outputB = ref Unsafe.Add(ref outputA, rows);
            ref float gateA = ref Unsafe.Add(ref gateStart, i * rows);
            ref float gateB = ref Unsafe.Add(ref gateA, rows);
            for (int r = 0; r < blockRows; r += 4 * width)
            {
                TVector a0 = TWidth.Broadcast(startA),
                    a1 = a0,
                    a2 = a0,
                    a3 = a0,
                    b0 = TWidth.Broadcast(startB),
                    b1 = b0,
                    b2 = b0,
                    b3 = b0;
                for (int j = 0; j < k; j++)
                {
                    var ca = TWidth.Broadcast(
                        Unsafe.Add(ref coefficientsA, j * shape.ColumnStride)
                    );
                    var cb = TWidth.Broadcast(
                        Unsafe.Add(ref coefficientsB, j * shape.ColumnStride)
                    );
                    ref float x = ref Unsafe.Add(ref inputStart, j * rows + r);
                    var x0 = Load(ref x, 0);
                    var x1 = Load(ref x, width);
                    var x2 = Load(ref x, 2 * width);
                    var x3 = Load(ref x, 3 * width);
                    a0 = TWidth.MultiplyAdd(ca, x0, a0);
                    a1 = TWidth.MultiplyAdd(ca, x1, a1);
                    a2 = TWidth.MultiplyAdd(ca, x2, a2);
                    a3 = TWidth.MultiplyAdd(ca, x3, a3);
                    b0 = TWidth.MultiplyAdd(cb, x0, b0);
                    b1 = TWidth.MultiplyAdd(cb, x1, b1);
                    b2 = TWidth.MultiplyAdd(cb, x2, b2);
                    b3 = TWidth.MultiplyAdd(cb, x3, b3);
                }
                Store<TGate>(
                    a0,
                    a1,
                    a2,
                    a3,
                    ref Unsafe.Add(ref outputA, r),
                    ref Unsafe.Add(ref gateA, r),
                    slopes
                );
                Store<TGate>(
                    b0,
                    b1,
                    b2,
                    b3,
                    ref Unsafe.Add(ref outputB, r),
                    ref Unsafe.Add(ref gateB, r),
                    slopes
                );
                if (activate)
                {
                    ref float activatedA = ref Unsafe.Add(ref activatedStart, i * rows + r);
                    Store(
                        TOutput.Of(a0, slopes),
                        TOutput.Of(a1, slopes),
                        TOutput.Of(a2, slopes),
                        TOutput.Of(a3, slopes),
                        ref activatedA
                    );
                    Store(
                        TOutput.Of(b0, slopes),
                        TOutput.Of(b1, slopes),
                        TOutput.Of(b2, slopes),
                        TOutput.Of(b3, slopes),
                        ref Unsafe.Add(ref activatedA, rows)
                    );
                }
            }
            CombineRows<TOutput, TGate>(
                new OutputRow(
                    ref coefficientsA,
                    startA,
                    ref outputA,
                    ref Unsafe.Add(ref activatedStart, i * rows),
                    ref gateA
                ),
                ref inputStart,
                activate,
                shape,
                blockRows
            );
            CombineRows<TOutput, TGate>(
                new OutputRow(
                    ref coefficientsB,
                    startB,
                    ref outputB,
                    ref Unsafe.Add(ref activatedStart, (i + 1) * rows),
                    ref gateB
                ),
                ref inputStart,
                activate,
                shape,
                blockRows
            );
        }
        if (i < m)
        {
            CombineRows<TOutput, TGate>(
                new OutputRow(
                    ref Unsafe.Add(ref coefficientStart, i * shape.RowStride),
                    bias.IsEmpty ? 0f : bias[i],
                    ref Unsafe.Add(ref outputStart, i * rows),
                    ref Unsafe.Add(ref activatedStart, i * rows),
                    ref Unsafe.Add(ref gateStart, i * rows)
                ),
                ref inputStart,
                activate,
                shape,
                0
            );
        }
    }

    /// <summary>Where an output's coefficients lie, the input's shape, and a leaky ReLU's slope.</summary>
    private readonly record struct CombineShape(
        int RowStride,
        int ColumnStride,
        int K,
        int Rows,
        float Slope
    );

    /// <summary>One output of <see cref="Combine"/>: its coefficients, start, and row of the output, activated and gate spans.</summary>
    private readonly ref struct OutputRow(
        ref float coefficients,
        float start,
        ref float output,
        ref float activated,
        ref float gate
    )
    {
        public readonly ref float Coefficients = ref coefficients;
        public readonly float Start = start;
        public readonly ref float Output = ref output;
        public readonly ref float Activated = ref activated;
        public readonly ref float Gate = ref gate;
    }

    /// <summary>
    /// One output of <see cref="Combine"/> from row <paramref name="firstRow"/> on: four vectors,
    /// one, then single rows; with <paramref name="activate"/> TOutput(sum) into the activated row too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CombineRows<TOutput, TGate>(
        OutputRow row,
        ref float inputStart,
        bool activate,
        CombineShape shape,
        int firstRow
    )
        where TOutput : ActivationsVector<TWidth, TVector>.IBiasedOutput
        where TGate : IGate
    {
        int width = TWidth.Count;
        int rows = shape.Rows;
        var slopes = TWidth.Broadcast(shape.Slope);
        var starts = TWidth.Broadcast(row.Start);
        ref float coefficients = ref row.Coefficients;
        ref float output = ref row.Output;
        ref float activated = ref row.Activated;
        ref float gate = ref row.Gate;
        int r = firstRow;
        for (; r <= rows - 4 * width; r += 4 * width)
        {
            TVector a0 = starts,
                a1 = starts,
                a2 = starts,
                a3 = starts;
            for (int j = 0; j < shape.K; j++)
            {
                var c = TWidth.Broadcast(Unsafe.Add(ref coefficients, j * shape.ColumnStride));
                ref float x = ref Unsafe.Add(ref inputStart, j * rows + r);
                a0 = TWidth.MultiplyAdd(c, Load(ref x, 0), a0);
                a1 = TWidth.MultiplyAdd(c, Load(ref x, width), a1);
                a2 = TWidth.MultiplyAdd(c, Load(ref x, 2 * width), a2);
                a3 = TWidth.MultiplyAdd(c, Load(ref x, 3 * width), a3);
            }
            Store<TGate>(
                a0,
                a1,
                a2,
                a3,
                ref Unsafe.Add(ref output, r),
                ref Unsafe.Add(ref gate, r),
                slopes
            );
            if (activate)
            {
                Store(
                    TOutput.Of(a0, slopes),
                    TOutput.Of(a1, slopes),
                    TOutput.Of(a2, slopes),
                    TOutput.Of(a3, slopes),
                    ref Unsafe.Add(ref activated, r)
                );
            }
        }
        for (; r <= rows - width; r += width)
        {
            var sum = starts;
            for (int j = 0; j < shape.K; j++)
            {
                var c = TWidth.Broadcast(Unsafe.Add(ref coefficients, j * shape.ColumnStride));
                sum = TWidth.MultiplyAdd(c, Load(ref inputStart, j * rows + r), sum);
            }
            TWidth.Store(
                TGate.Of(sum, ref Unsafe.Add(ref gate, r), slopes),
                ref Unsafe.Add(ref output, r)
            );
            if (activate)
            {
                TWidth.Store(TOutput.Of(sum, slopes), ref Unsafe.Add(ref activated, r));
            }
        }
        for (; r < rows; r++)
        {
            float sum = row.Start;
            for (int j = 0; j < shape.K; j++)
            {
                sum +=
                    Unsafe.Add(ref coefficients, j * shape.ColumnStride)
                    * Unsafe.Add(ref inputStart, j * rows + r);
            }
            Unsafe.Add(ref output, r) = TGate.Of(sum, ref Unsafe.Add(ref gate, r), shape.Slope);
            if (activate)
            {
                Unsafe.Add(ref activated, r) = TOutput.Of(sum, shape.Slope);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(TVector a0, TVector a1, TVector a2, TVector a3, ref float destination)
    {
        int width = TWidth.Count;
        TWidth.Store(a0, ref destination);
        TWidth.Store(a1, ref Unsafe.Add(ref destination, width));
        TWidth.Store(a2, ref Unsafe.Add(ref destination, 2 * width));
        TWidth.Store(a3, ref Unsafe.Add(ref destination, 3 * width));
    }

    /// <summary>Four vectors of sums through TGate, each with the gate's values at its own rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TGate>(
        TVector a0,
        TVector a1,
        TVector a2,
        TVector a3,
        ref float destination,
        ref float gate,
        TVector slopes
    )
        where TGate : IGate
    {
        int width = TWidth.Count;
        Store(
            TGate.Of(a0, ref gate, slopes),
            TGate.Of(a1, ref Unsafe.Add(ref gate, width), slopes),
            TGate.Of(a2, ref Unsafe.Add(ref gate, 2 * width), slopes),
            TGate.Of(a3, ref Unsafe.Add(ref gate, 3 * width), slopes),
            ref destination
        );
    }

    /// <summary>
    /// See <see cref="FeatureMajor.WeightGradient"/>. Four weights of a row of δW at a time,
    /// two vectors of rows per step (eight independent sums, each load of δ shared by four);
    /// a sum's lanes are added in a fixed order, then the rows left over.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightGradient(
        ReadOnlySpan<float> delta,
        ReadOnlySpan<float> input,
        Span<float> weights,
        Span<float> bias,
        int m,
        int k,
        int rows
    )
    {
        int width = TWidth.Count;
        int vectorRows = rows - rows % width;
        int pairedRows = rows - rows % (2 * width);
        ref float inputStart = ref MemoryMarshal.GetReference(input);
        for (int i = 0; i < m; i++)
        {
            ref float deltaRow = ref MemoryMarshal.GetReference(delta.Slice(i * rows, rows));
            var outputRow = weights.Slice(i * k, k);
            bias[i] = Sum<Ones>(ref deltaRow, ref deltaRow, rows);
            int j = 0;
            for (; j <= k - 4; j += 4)
            {
                ref float x0 = ref Unsafe.Add(ref inputStart, j * rows);
                ref float x1 = ref Unsafe.Add(ref x0, rows);
                ref float x2 = ref Unsafe.Add(ref x1, rows);
                ref float x3 = ref Unsafe.Add(ref x2, rows);
                TVector a0 = TWidth.Zero,
                    a1 = TWidth.Zero,
                    a2 = TWidth.Zero,
                    a3 = TWidth.Zero,
                    b0 = TWidth.Zero,
                    b1 = TWidth.Zero,
                    b2 = TWidth.Zero,
                    b3 = TWidth.Zero;
                int r = 0;
                for (; r < pairedRows; r += 2 * width)
                {
                    var d = TWidth.Load(ref Unsafe.Add(ref deltaRow, r));
                    var e = TWidth.Load(ref Unsafe.Add(ref deltaRow, r + width));
                    a0 = TWidth.MultiplyAdd(d, TWidth.Load(ref Unsafe.Add(ref x0, r)), a0);
                    a1 = TWidth.MultiplyAdd(d, TWidth.Load(ref Unsafe.Add(ref x1, r)), a1);
                    a2 = TWidth.MultiplyAdd(d, TWidth.Load(ref Unsafe.Add(ref x2, r)), a2);
                    a3 = TWidth.MultiplyAdd(d, TWidth.Load(ref Unsafe.Add(ref x3, r)), a3);
                    b0 = TWidth.MultiplyAdd(e, TWidth.Load(ref Unsafe.Add(ref x0, r + width)), b0);
                    b1 = TWidth.MultiplyAdd(e, TWidth.Load(ref Unsafe.Add(ref x1, r + width)), b1);
                    b2 = TWidth.MultiplyAdd(e, TWidth.Load(ref Unsafe.Add(ref x2, r + width)), b2);
                    b3 = TWidth.MultiplyAdd(e, TWidth.Load(ref Unsafe.Add(ref x3, r + width)), b3);
                }
                if (r < vectorRows)
                {
                    var d = TWidth.Load(ref Unsafe.Add(ref deltaRow, r));
                    a0 = TWidth.MultiplyAdd(d, TWidth.Load(ref Unsafe.Add(ref x0, r)), a0);
                    a1 = TWidth.MultiplyAdd(d, TWidth.Load(ref Unsafe.Add(ref x1, r)), a1);
                    a2 = TWidth.MultiplyAdd(d, TWidth.Load(ref Unsafe.Add(ref x2, r)), a2);
                    a3 = TWidth.MultiplyAdd(d, TWidth.Load(ref Unsafe.Add(ref x3, r)), a3);
                }
                outputRow[j] = Total(a0, b0, ref deltaRow, ref x0, vectorRows, rows);
                outputRow[j + 1] = Total(a1, b1, ref deltaRow, ref x1, vectorRows, rows);
                outputRow[j + 2] = Total(a2, b2, ref deltaRow, ref x2, vectorRows, rows);
                outputRow[j + 3] = Total(a3, b3, ref deltaRow, ref x3, vectorRows, rows);
            }
            for (; j < k; j++)
            {
                outputRow[j] = Sum<Products>(
                    ref deltaRow,
                    ref Unsafe.Add(ref inputStart, j * rows),
                    rows
                );
            }
        }
    }

    /// <summary>The lanes of a + b in a fixed order, then the rows past <paramref name="vectorRows"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Total(
        TVector a,
        TVector b,
        ref float d,
        ref float x,
        int vectorRows,
        int rows
    )
    {
        float total = TWidth.Sum(TWidth.Add(a, b));
        for (int r = vectorRows; r < rows; r++)
        {
            total += Unsafe.Add(ref d, r) * Unsafe.Add(ref x, r);
        }
        return total;
    }

    /// <summary>What <see cref="Sum"/> adds up: a[r]·b[r], or a[r] alone (b is then not read).</summary>
    private interface ITerm
    {
        static abstract TVector Add(ref float a, ref float b, int r, TVector sum);
        static abstract float Of(float a, float b);
    }

    private readonly struct Products : ITerm
    {
        public static TVector Add(ref float a, ref float b, int r, TVector sum) =>
            TWidth.MultiplyAdd(Load(ref a, r), Load(ref b, r), sum);

        public static float Of(float a, float b) => a * b;
    }

    private readonly struct Ones : ITerm
    {
        public static TVector Add(ref float a, ref float b, int r, TVector sum) =>
            TWidth.Add(sum, Load(ref a, r));

        public static float Of(float a, float b) => a;
    }

    /// <summary>Σ_r TTerm(a[r], b[r]) over four interleaved vector sums, added in a fixed order, then the rows left over.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Sum<TTerm>(ref float a, ref float b, int rows)
        where TTerm : ITerm
    {
        int width = TWidth.Count;
        TVector s0 = TWidth.Zero,
            s1 = TWidth.Zero,
            s2 = TWidth.Zero,
            s3 = TWidth.Zero;
        int r = 0;
        for (; r <= rows - 4 * width; r += 4 * width)
        {
            s0 = TTerm.Add(ref a, ref b, r, s0);
            s1 = TTerm.Add(ref a, ref b, r + width, s1);
            s2 = TTerm.Add(ref a, ref b, r + 2 * width, s2);
            s3 = TTerm.Add(ref a, ref b, r + 3 * width, s3);
        }
        for (; r <= rows - width; r += width)
        {
            s0 = TTerm.Add(ref a, ref b, r, s0);
        }
        float total = TWidth.Sum(TWidth.Add(TWidth.Add(s0, s1), TWidth.Add(s2, s3)));
        for (; r < rows; r++)
        {
            total += TTerm.Of(Unsafe.Add(ref a, r), Unsafe.Add(ref b, r));
        }
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Load(ref float start, int offset) =>
        TWidth.Load(ref Unsafe.Add(ref start, offset));
}
