using Mlp.Kernels;

namespace Mlp.Tests.Kernels;

/// <summary>Every SIMD variant this CPU runs against the scalar reference, at every length 0..67 and odd shapes.</summary>
public class GemmVariantTests
{
    public static TheoryData<KernelVariant, Product, GemmPath> Variants()
    {
        var data = new TheoryData<KernelVariant, Product, GemmPath>();
        foreach (var variant in KernelSelection.Supported)
        {
            foreach (var product in Enum.GetValues<Product>())
            {
                foreach (var path in Enum.GetValues<GemmPath>())
                {
                    data.Add(variant, product, path);
                }
            }
        }
        return data;
    }

    private static IEnumerable<(int M, int K, int N)> Shapes()
    {
        for (int length = 0; length <= 67; length++)
        {
            yield return (3, 5, length);
            yield return (2, length, 3);
            yield return (length, 4, 2);
        }
        yield return (1, 1, 1);
        yield return (7, 13, 5);
        yield return (65, 3, 17);
        yield return (67, 131, 9);
        yield return (33, 64, 130);
        yield return (203, 5, 12); // a small tabular layer: narrow C, short k
        yield return (9, 255, 16);
        yield return (12, 1000, 5); // a weight gradient: a long batch, a narrow layer
        yield return (10, 37, 1);
        yield return (128, 300, 70); // several row tiles, large enough to run on several threads
        yield return (80, 257, 513);
        yield return (260, 300, 20); // op(A) too large to read in place: packed panels
        yield return (150, 40, 33); // Aᵀ rows longer than the in-place limit
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Variant_matches_the_scalar_reference(
        KernelVariant variant,
        Product product,
        GemmPath path
    )
    {
        var random = new Random(17);
        foreach (var (m, k, n) in Shapes())
        {
            foreach (bool accumulate in new[] { false, true })
            {
                var a = Fill(random, m * k);
                var b = Fill(random, k * n);
                var initial = Fill(random, m * n);
                var expected = (float[])initial.Clone();
                var actual = (float[])initial.Clone();
                Gemm.Compute(KernelVariant.Scalar, product, a, b, expected, m, k, n, accumulate);
                Gemm.Compute(variant, product, a, b, actual, m, k, n, accumulate, path);
                var magnitude = new float[m * n];
                Gemm.Compute(
                    KernelVariant.Scalar,
                    product,
                    Abs(a),
                    Abs(b),
                    magnitude,
                    m,
                    k,
                    n,
                    false
                );
                for (int i = 0; i < m * n; i++)
                {
                    float tolerance = 1e-5f * (magnitude[i] + Math.Abs(initial[i]) + 1e-6f);
                    Assert.True(
                        Math.Abs(expected[i] - actual[i]) <= tolerance,
                        $"{variant} {path} {product} {m}×{k}×{n} acc={accumulate} at {i}: {actual[i]} vs {expected[i]}"
                    );
                }
            }
        }
    }

    [Fact]
    public void Tiled_results_do_not_depend_on_the_thread_count()
    {
        var random = new Random(3);
        const int m = 96,
            k = 517,
            n = 200;
        var a = Fill(random, m * k);
        var b = Fill(random, k * n);
        var oneThread = new float[m * n];
        var allThreads = new float[m * n];
        int threads = WorkerPool.Threads;
        try
        {
            WorkerPool.Threads = 1;
            Gemm.Compute(
                KernelSelection.Current,
                Product.Plain,
                a,
                b,
                oneThread,
                m,
                k,
                n,
                false,
                GemmPath.Tiled
            );
            WorkerPool.Threads = 4;
            Gemm.Compute(
                KernelSelection.Current,
                Product.Plain,
                a,
                b,
                allThreads,
                m,
                k,
                n,
                false,
                GemmPath.Tiled
            );
        }
        finally
        {
            WorkerPool.Threads = threads;
        }
        Assert.Equal(oneThread, allThreads);
    }

    [Theory]
    [InlineData(Product.Plain)]
    [InlineData(Product.TransposedB)]
    [InlineData(Product.TransposedA)]
    public void The_running_kernels_large_products_match_the_reference_on_any_thread_count(
        Product product
    )
    {
        // Large enough to be split across threads (and, with WideTiles, run on Vector512 tiles).
        const int m = 130,
            k = 70,
            n = 66;
        Assert.True((long)m * k * n >= Gemm.ParallelWork);
        var random = new Random(11);
        var a = Fill(random, m * k);
        var b = Fill(random, k * n);
        var expected = new double[m * n];
        GemmScalar.Compute(
            product,
            a.Select(v => (double)v).ToArray(),
            b.Select(v => (double)v).ToArray(),
            expected,
            m,
            k,
            n,
            false
        );
        var results = new List<float[]>();
        int threads = WorkerPool.Threads;
        try
        {
            foreach (int count in new[] { 1, 2, 4 })
            {
                WorkerPool.Threads = count;
                var c = new float[m * n];
                switch (product)
                {
                    case Product.Plain:
                        Gemm.Multiply<float>(a, b, c, m, k, n, false);
                        break;
                    case Product.TransposedB:
                        Gemm.MultiplyTransposedB<float>(a, b, c, m, k, n, false);
                        break;
                    default:
                        Gemm.MultiplyTransposedA<float>(a, b, c, m, k, n, false);
                        break;
                }
                results.Add(c);
            }
        }
        finally
        {
            WorkerPool.Threads = threads;
        }
        Assert.Equal(results[0], results[1]);
        Assert.Equal(results[0], results[2]);
        for (int i = 0; i < m * n; i++)
        {
            Assert.True(Math.Abs(results[0][i] - expected[i]) <= 1e-4 * k, $"at {i}");
        }
    }

    private static float[] Fill(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    private static float[] Abs(float[] values) => values.Select(Math.Abs).ToArray();
}
