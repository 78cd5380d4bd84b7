namespace Mlp;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the only source of randomness, so a seed fixes
/// every draw on every platform and .NET version.
/// </summary>
internal sealed class Rng
{
    private ulong _s0,
        _s1,
        _s2,
        _s3;

    /// <summary>The seed when none is given (`--seed`).</summary>
    public const long DefaultSeed = 42;

    public Rng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A generator for a named purpose, independent of the others drawn from the same seed.</summary>
    public static Rng For(long seed, ulong stream) =>
        new(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ stream));

    /// <summary>One of many independent generators of a purpose (e.g. one per explained row), so work can be split across threads.</summary>
    public static Rng For(long seed, ulong stream, long index) =>
        new(
            unchecked(
                (ulong)seed * 0x9E3779B97F4A7C15UL
                ^ stream
                ^ ((ulong)index + 1) * 0xD1B54A32D192ED03UL
            )
        );

    public ulong NextUInt64()
    {
        ulong result = BitRotate(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound), without modulo bias (Lemire's method).</summary>
    public int NextInt(int bound)
    {
        ulong range = (ulong)bound;
        UInt128 product = (UInt128)NextUInt64() * range;
        ulong low = (ulong)product;
        if (low < range)
        {
            ulong threshold = (0UL - range) % range;
            while (low < threshold)
            {
                product = (UInt128)NextUInt64() * range;
                low = (ulong)product;
            }
        }
        return (int)(product >> 64);
    }

    /// <summary>Standard normal draw (Box–Muller; the second value is not cached, for simplicity).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong BitRotate(ulong value, int count) =>
        (value << count) | (value >> (64 - count));
}

/// <summary>Independent random streams, so adding a draw in one place does not shift another.</summary>
internal static class RngStream
{
    public const ulong Initialization = 1;
    public const ulong Shuffle = 2;
    public const ulong ValidationSplit = 3;
    public const ulong RowSample = 4;
    public const ulong Permutation = 5;
    public const ulong ShapOrderings = 6;
    public const ulong ExplainRows = 7;
    public const ulong Background = 8;
    public const ulong Lime = 9;
    public const ulong InteractionRows = 10;

    /// <summary>Which rows a picture draws when it cannot draw them all (ICE lines).</summary>
    public const ulong PictureRows = 11;

    /// <summary>Dropout's masks: one generator per optimizer step.</summary>
    public const ulong Dropout = 12;

    /// <summary>Cross-validation's assignment of rows to folds.</summary>
    public const ulong Folds = 13;

    /// <summary>The seeds of an ensemble's members after the first.</summary>
    public const ulong EnsembleMembers = 14;

    /// <summary>The rows kept of a file too large to read whole for an explanation.</summary>
    public const ulong LargeFileSample = 17;

    /// <summary>A streamed data set: which blocks are held out for validation.</summary>
    public const ulong ValidationBlocks = 15;

    /// <summary>A streamed epoch: the order of its rows within each window of blocks (one generator per epoch and window).</summary>
    public const ulong WindowShuffle = 16;
}
