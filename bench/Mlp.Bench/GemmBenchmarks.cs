using BenchmarkDotNet.Attributes;
using Mlp.Kernels;

namespace Mlp.Bench;

/// <summary>Square matrix products C = A·B at several sizes: the scalar reference (baseline) against each SIMD variant this CPU runs.</summary>
[Config(typeof(GemmConfig))]
public class GemmBenchmarks
{
    private float[] _a = [],
        _b = [],
        _c = [];

    [Params(7, 64, 128, 256, 512, 1024)]
    public int Size { get; set; }

    [ParamsSource(nameof(Variants))]
    public KernelVariant Variant { get; set; }

    public static IEnumerable<KernelVariant> Variants() => KernelSelection.Supported;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _a = Enumerable.Range(0, Size * Size).Select(_ => (float)random.NextDouble()).ToArray();
        _b = Enumerable.Range(0, Size * Size).Select(_ => (float)random.NextDouble()).ToArray();
        _c = new float[Size * Size];
    }

    [Benchmark]
    public void Multiply() =>
        Gemm.Compute(Variant, Product.Plain, _a, _b, _c, Size, Size, Size, false);

    public long MultiplyAdds => (long)Size * Size * Size;
}

/// <summary>The products of the workloads' layers, forward (A·Bᵀ) and backward (A·B, Aᵀ·B), on the best variant.</summary>
[Config(typeof(GemmConfig))]
public class LayerGemmBenchmarks
{
    private float[] _a = [],
        _b = [],
        _c = [];

    /// <summary>"m×k×n" of a workload layer.</summary>
    [Params("256x20x128", "256x128x64", "128x784x256", "128x256x128")]
    public string Shape { get; set; } = "";

    [Params(Product.Plain, Product.TransposedB, Product.TransposedA)]
    public Product Product { get; set; }

    private int M =>
        int.Parse(Shape.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);
    private int K =>
        int.Parse(Shape.Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);
    private int N =>
        int.Parse(Shape.Split('x')[2], System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _a = Enumerable.Range(0, M * K).Select(_ => (float)random.NextDouble()).ToArray();
        _b = Enumerable.Range(0, K * N).Select(_ => (float)random.NextDouble()).ToArray();
        _c = new float[M * N];
    }

    [Benchmark]
    public void Multiply() =>
        Gemm.Compute(KernelSelection.Current, Product, _a, _b, _c, M, K, N, false);

    public long MultiplyAdds => (long)M * K * N;
}

/// <summary>The small layers of tabular networks (B1's 5 → 10, the importance benchmark's 5 → 12) on each path.</summary>
[Config(typeof(GemmConfig))]
public class SmallLayerGemmBenchmarks
{
    private float[] _a = [],
        _b = [],
        _c = [];

    [Params(1000, 5000)]
    public int Rows { get; set; }

    /// <summary>A·B and A·Bᵀ: (Rows × 5)·(5 × 12), forward and back; Aᵀ·B: the weight gradient (12 × Rows)·(Rows × 5).</summary>
    [Params(Product.Plain, Product.TransposedB, Product.TransposedA)]
    public Product Product { get; set; }

    [Params(GemmPath.Rows, GemmPath.Tiled, GemmPath.Narrow)]
    public GemmPath Path { get; set; }

    private const int Depth = 5;
    private const int Units = 12;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _a = Enumerable.Range(0, Rows * Units).Select(_ => (float)random.NextDouble()).ToArray();
        _b = Enumerable.Range(0, Rows * Units).Select(_ => (float)random.NextDouble()).ToArray();
        _c = new float[Rows * Units];
    }

    [Benchmark]
    public void Multiply() =>
        Gemm.Compute(KernelSelection.Current, Product, _a, _b, _c, Rows, Depth, Units, false, Path);

    public long MultiplyAdds => (long)Rows * Depth * Units;
}
