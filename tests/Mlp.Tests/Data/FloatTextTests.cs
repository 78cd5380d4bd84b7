using System.Globalization;
using System.Text;
using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>FloatText writes every float byte for byte as the runtime's float.TryFormat does.</summary>
public class FloatTextTests
{
    private static void AssertSameAsRuntime(float value)
    {
        Span<byte> expected = stackalloc byte[32];
        Span<byte> actual = stackalloc byte[FloatText.MaxBytes];
        Assert.True(
            value.TryFormat(expected, out int length, default, CultureInfo.InvariantCulture)
        );
        int written = FloatText.Write(value, actual);
        if (!actual[..written].SequenceEqual(expected[..length]))
        {
            Assert.Fail(
                $"0x{BitConverter.SingleToUInt32Bits(value):X8}: runtime {Encoding.ASCII.GetString(expected[..length])}, FloatText {Encoding.ASCII.GetString(actual[..written])}"
            );
        }
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(0.5f)]
    [InlineData(1e-3f)]
    [InlineData(1e6f)]
    public void Every_float_of_a_binade(float start)
    {
        float end = start * 2;
        for (float value = start; value < end; value = MathF.BitIncrement(value))
        {
            AssertSameAsRuntime(value);
            AssertSameAsRuntime(-value);
        }
    }

    [Fact]
    public void Floats_spread_over_every_bit_pattern()
    {
        for (long bits = 0; bits <= uint.MaxValue; bits += 1009)
        {
            AssertSameAsRuntime(BitConverter.UInt32BitsToSingle((uint)bits));
        }
    }

    [Fact]
    public void Random_bit_patterns()
    {
        var random = new Random(20261207);
        for (int i = 0; i < 1_000_000; i++)
        {
            AssertSameAsRuntime(BitConverter.UInt32BitsToSingle((uint)random.NextInt64(1L << 32)));
        }
    }

    [Fact]
    public void Edges_of_the_layout_and_of_the_range()
    {
        var values = new List<float>
        {
            0f,
            -0f,
            float.NaN,
            float.PositiveInfinity,
            float.NegativeInfinity,
            float.Epsilon,
            float.MaxValue,
            float.MinValue,
            16777216f,
            16777217f,
            33554432f,
            1.23456789e9f,
            123456789f,
            0.1f,
            0.2f,
            0.3f,
        };
        // Each power of ten and two within float's range, its neighbours, and a value just
        // inside a grid point's reach: plain against scientific, the ends of the range handled.
        for (int power = -45; power <= 38; power++)
        {
            values.Add(float.Parse($"1e{power}", CultureInfo.InvariantCulture));
            values.Add(float.Parse($"9.99999e{power}", CultureInfo.InvariantCulture));
            values.Add(float.Parse($"1.5e{power}", CultureInfo.InvariantCulture));
        }
        for (int power = -149; power <= 127; power++)
        {
            values.Add(MathF.ScaleB(1, power));
        }
        foreach (float value in values.ToArray())
        {
            values.Add(MathF.BitIncrement(value));
            values.Add(MathF.BitDecrement(value));
        }
        foreach (float value in values)
        {
            AssertSameAsRuntime(value);
            AssertSameAsRuntime(-value);
        }
    }

    [Fact]
    public void Handles_the_values_predictions_hold_without_the_runtime()
    {
        // Probabilities and regression outputs of everyday size take the fast path: the
        // runtime is a fallback for ties and the far ends only.
        var random = new Random(7);
        int fallbacks = 0;
        for (int i = 0; i < 100_000; i++)
        {
            float value = (float)(random.NextDouble() * 100 - 50);
            if (!FloatText.TryShortest(value, out _, out _))
            {
                fallbacks++;
            }
        }
        Assert.InRange(fallbacks, 0, 200);
    }
}
