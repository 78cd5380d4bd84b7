using System.Text;

namespace Mlp.Tests.Properties;

/// <summary>
/// Seeded random cases of a property, with greedy shrinking of a failure to a minimal case.
/// Case <c>i</c> of property <c>name</c> is drawn from a generator seeded by (seed, name, i), so a
/// run is the same on every machine and a failure is reproduced from the numbers in its message.
/// <list type="bullet">
/// <item><c>MLP_PROPERTY_SEED</c> changes the seed (default <see cref="DefaultSeed"/>);</item>
/// <item><c>MLP_PROPERTY_SCALE</c> multiplies every property's case count (a longer run: 10, 100);</item>
/// <item><c>MLP_PROPERTY_LOG</c> names a file that gets one line per property: cases run, seed, outcome;</item>
/// <item><c>MLP_PROPERTY_CASE</c> runs one case alone (with the seed, it reproduces a failure).</item>
/// </list>
/// </summary>
internal static class PropertyRun
{
    public const long DefaultSeed = 20261206;

    /// <summary>How many shrinking rounds at most (each tries every smaller candidate once).</summary>
    private const int ShrinkRounds = 40;

    public static long Seed =>
        long.TryParse(Environment.GetEnvironmentVariable("MLP_PROPERTY_SEED"), out long seed)
            ? seed
            : DefaultSeed;

    public static double Scale =>
        double.TryParse(
            Environment.GetEnvironmentVariable("MLP_PROPERTY_SCALE"),
            System.Globalization.CultureInfo.InvariantCulture,
            out double scale
        )
        && scale > 0
            ? scale
            : 1;

    /// <summary>Runs <paramref name="cases"/> × scale cases; throws with the minimal failing case.</summary>
    public static void Check<T>(
        string name,
        int cases,
        Func<Random, T> draw,
        Func<T, IEnumerable<T>> shrink,
        Action<T> property
    )
        where T : notnull
    {
        long seed = Seed;
        int count = Math.Max(1, (int)Math.Round(cases * Scale));
        int first = 0;
        if (int.TryParse(Environment.GetEnvironmentVariable("MLP_PROPERTY_CASE"), out int only))
        {
            (first, count) = (only, only + 1); // reproduces one case of a failure's message
        }
        for (int i = first; i < count; i++)
        {
            var drawn = draw(new Random(CaseSeed(seed, name, i)));
            if (Fails(property, drawn) is not { } failure)
            {
                continue;
            }
            var (minimal, minimalFailure) = Shrink(drawn, failure, shrink, property);
            string message =
                $"property '{name}' failed on case {i} of {count} (MLP_PROPERTY_SEED={seed})\n"
                + $"drawn:   {drawn}\nminimal: {minimal}\n{minimalFailure}";
            Log(
                $"property {name} ({Kernels}): FAILED at case {i} of {count}, seed {seed}: {minimal}"
            );
            throw new PropertyFailure(message);
        }
        Log($"property {name} ({Kernels}): {count - first} cases passed, seed {seed}");
    }

    private static (T Case, Exception Failure) Shrink<T>(
        T failing,
        Exception failure,
        Func<T, IEnumerable<T>> shrink,
        Action<T> property
    )
        where T : notnull
    {
        for (int round = 0; round < ShrinkRounds; round++)
        {
            bool smaller = false;
            foreach (var candidate in shrink(failing))
            {
                if (Fails(property, candidate) is { } candidateFailure)
                {
                    (failing, failure, smaller) = (candidate, candidateFailure, true);
                    break;
                }
            }
            if (!smaller)
            {
                break;
            }
        }
        return (failing, failure);
    }

    private static Exception? Fails<T>(Action<T> property, T value)
    {
        try
        {
            property(value);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>A generator seed from (seed, name, case) that does not depend on the process (string hashes do).</summary>
    private static int CaseSeed(long seed, string name, int index)
    {
        ulong hash = 14695981039346656037UL; // FNV-1a
        foreach (byte b in Encoding.UTF8.GetBytes($"{seed}/{name}/{index}"))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return (int)(hash ^ (hash >> 32));
    }

    private static string Kernels =>
        $"{Mlp.Kernels.KernelSelection.Kernels.Variant} kernels".ToLowerInvariant();

    private static readonly object LogGate = new();

    private static void Log(string line)
    {
        if (Environment.GetEnvironmentVariable("MLP_PROPERTY_LOG") is { Length: > 0 } path)
        {
            lock (LogGate)
            {
                File.AppendAllText(path, line + "\n");
            }
        }
    }
}

/// <summary>A property's minimal failing case, with the seed that reproduces it.</summary>
internal sealed class PropertyFailure(string message) : Exception(message);
