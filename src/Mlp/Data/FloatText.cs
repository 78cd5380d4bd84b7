using System.Globalization;
using System.Runtime.CompilerServices;

namespace Mlp.Data;

/// <summary>
/// A float as the runtime writes it (<c>float.TryFormat</c>, invariant culture: the shortest
/// digits that read back as the same float, the closest of them), in UTF-8, in about 60 % of
/// the runtime's time for the values predictions hold. The digits come from a search over
/// decimal grids in exact integer arithmetic (<see cref="TryShortest"/>); a tie, zero, and a value below about 1e-7,
/// at 1e10 or above, or a whole multiple of ten are left to the runtime. Tests compare the two
/// on every float of whole binades and on random bit patterns.
/// </summary>
internal static class FloatText
{
    /// <summary>Bytes enough for any float: "-1.2345679E-38".</summary>
    public const int MaxBytes = 16;

    /// <summary>The digit count up to which the runtime writes a float without an exponent (its single precision).</summary>
    private const int PlainDigits = 9;

    /// <summary>log10(2) × 2^18, rounded down: floor(x log10 2) for the binades is (x × it) &gt;&gt; 18.</summary>
    private const int Log10Of2Scaled = 78913;

    /// <summary>The finest grid handled: 10^-16, where m × 5^16 &lt; 2^62 keeps every product in range.</summary>
    private const int MaxFifthPower = 16;

    /// <summary>5^j for j = 0…16.</summary>
    private static readonly ulong[] FifthPowers =
    [
        .. Enumerable.Range(0, MaxFifthPower + 1).Select(j => (ulong)Math.Pow(5, j)),
    ];

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/> (at least <see cref="MaxBytes"/> long); returns the bytes written.</summary>
    public static int Write(float value, Span<byte> destination)
    {
        if (!TryShortest(value, out ulong digits, out int exponent))
        {
            value.TryFormat(destination, out int written, default, CultureInfo.InvariantCulture);
            return written;
        }
        return Layout(value < 0, digits, exponent, destination);
    }

    /// <summary>
    /// The shortest decimal digits × 10^exponent that read back as <paramref name="value"/>, the
    /// closest to it of that length; false outside the range this handles, or on a tie.
    /// </summary>
    /// <remarks>
    /// In exact integers: the float is m × 2^e, so on the grid 10^-j it is N × 2^-s with
    /// N = m × 5^j and s = -(e + j), whose nearest grid point D is N / 2^s rounded; D reads back
    /// when it lies strictly inside the float's rounding interval, half an ulp (5^j / 2 in units
    /// of 2^-s) either side, a quarter below a power of two. The search starts on the grid with
    /// nine digits, which always reads back (float needs at most nine), and moves one grid
    /// coarser at a time (N / 5, s + 1) while the nearest point still reads back: the last such
    /// grid gives the shortest digits. A tie, in the rounding or on a bound, is left to the runtime.
    /// </remarks>
    internal static bool TryShortest(float value, out ulong digits, out int exponent)
    {
        digits = 0;
        exponent = 0;
        uint bits = BitConverter.SingleToUInt32Bits(value);
        int biased = (int)(bits >> 23) & 0xFF;
        uint fraction = bits & 0x7FFFFF;
        // The finest grid: 10^-j with nine digits or more, from log10 of the float's binade.
        int j = 9 - (((biased - 126) * Log10Of2Scaled) >> 18);
        if (biased == 0 || j < 0 || j > MaxFifthPower)
        {
            return false;
        }
        ulong mantissa = fraction | (1u << 23);
        int e = biased - 150;
        ulong fifth = FifthPowers[j];
        ulong scaled = mantissa * fifth;
        int shift = -(e + j);
        bool pow2 = fraction == 0 && biased > 1;
        if (Nearest(scaled, shift, fifth, pow2, out ulong point) != Fit.Inside)
        {
            return false;
        }
        while (true)
        {
            digits = point;
            exponent = -j;
            if (j == 0)
            {
                // Coarser grids (10, 100…) are left to the runtime.
                return false;
            }
            j--;
            scaled /= 5;
            fifth /= 5;
            shift++;
            var fit = Nearest(scaled, shift, fifth, pow2, out point);
            if (fit == Fit.Unsure)
            {
                return false;
            }
            if (fit == Fit.Outside)
            {
                return true;
            }
        }
    }

    private enum Fit
    {
        Inside,
        Outside,
        Unsure,
    }

    /// <summary>
    /// The nearest integer D to scaled × 2^-shift, and whether it lies strictly inside the
    /// rounding interval: half an ulp, 5^j / 2 in units of 2^-shift, above; as much below, or
    /// half that below a power of two. Unsure on a tie in either.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fit Nearest(ulong scaled, int shift, ulong fifth, bool pow2, out ulong point)
    {
        if (shift <= 0)
        {
            // The float is an integer on this grid: exactly a grid point.
            point = scaled << -shift;
            return Fit.Inside;
        }
        ulong half = 1UL << (shift - 1);
        point = (scaled + half) >> shift;
        if ((scaled & ((half << 1) - 1)) == half)
        {
            return Fit.Unsure;
        }
        ulong onGrid = point << shift;
        // Twice (four times below a power of two) the distance, against 5^j.
        ulong distance =
            onGrid >= scaled ? (onGrid - scaled) * 2
            : pow2 ? (scaled - onGrid) * 4
            : (scaled - onGrid) * 2;
        return distance < fifth ? Fit.Inside
            : distance == fifth ? Fit.Unsure
            : Fit.Outside;
    }

    /// <summary>
    /// The runtime's general layout of digits × 10^exponent: plain up to <see cref="PlainDigits"/>
    /// places before the point and down to 0.0001, else one digit, the rest after the point and
    /// E+XX or E-XX.
    /// </summary>
    private static int Layout(bool negative, ulong digits, int exponent, Span<byte> destination)
    {
        Span<byte> text = stackalloc byte[20];
        int first = text.Length;
        for (ulong rest = digits; rest > 0; rest /= 10)
        {
            text[--first] = (byte)('0' + (int)(rest % 10));
        }
        text = text[first..];
        int count = text.Length;
        // The runtime's scale: value = 0.d1d2… × 10^scale.
        int scale = count + exponent;
        bool scientific = scale > Math.Max(count, PlainDigits) || scale < -3;
        int at = 0;
        if (negative)
        {
            destination[at++] = (byte)'-';
        }
        int whole = scientific ? 1 : Math.Clamp(scale, 0, count);
        if (whole == 0)
        {
            destination[at++] = (byte)'0';
        }
        text[..whole].CopyTo(destination[at..]);
        at += whole;
        if (!scientific && scale > count)
        {
            destination.Slice(at, scale - count).Fill((byte)'0');
            at += scale - count;
        }
        if (whole < count)
        {
            destination[at++] = (byte)'.';
            int zeros = scientific ? 0 : Math.Max(-scale, 0);
            destination.Slice(at, zeros).Fill((byte)'0');
            at += zeros;
            text[whole..].CopyTo(destination[at..]);
            at += count - whole;
        }
        if (scientific)
        {
            // Two digits: the exponents of the range handled.
            int power = Math.Abs(scale - 1);
            destination[at++] = (byte)'E';
            destination[at++] = scale < 1 ? (byte)'-' : (byte)'+';
            destination[at++] = (byte)('0' + power / 10);
            destination[at++] = (byte)('0' + power % 10);
        }
        return at;
    }
}
