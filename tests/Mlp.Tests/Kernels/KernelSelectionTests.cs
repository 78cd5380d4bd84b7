using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Mlp.Kernels;

namespace Mlp.Tests.Kernels;

public class KernelSelectionTests
{
    [Fact]
    public void The_default_is_the_widest_measured_variant_never_vector512()
    {
        var expected =
            Vector256.IsHardwareAccelerated && Fma.IsSupported ? KernelVariant.Vector256
            : Vector128.IsHardwareAccelerated ? KernelVariant.Vector128
            : KernelVariant.Scalar;
        Assert.Equal(expected, KernelSelection.Default);
        Assert.NotEqual(KernelVariant.Vector512, KernelSelection.Default);
    }

    [Fact]
    public void The_running_variant_is_the_forced_one_when_the_cpu_has_it()
    {
        var forced = KernelSelection.Parse(
            Environment.GetEnvironmentVariable(KernelSelection.EnvironmentVariable)
        );
        var expected =
            forced is { } wanted && KernelSelection.IsSupported(wanted)
                ? wanted
                : KernelSelection.Default;
        Assert.Equal(expected, KernelSelection.Current);
        Assert.Equal(expected, KernelSelection.Kernels.Variant);
    }

    [Fact]
    public void Large_products_use_vector512_tiles_only_by_default_on_avx512_cpus()
    {
        bool forced =
            KernelSelection.Parse(
                Environment.GetEnvironmentVariable(KernelSelection.EnvironmentVariable)
            )
            is not null;
        Assert.Equal(
            !forced && KernelSelection.Default == KernelVariant.Vector256 && Avx512F.IsSupported,
            KernelSelection.WideTiles
        );
    }

    [Theory]
    [InlineData("scalar", KernelVariant.Scalar)]
    [InlineData("vector128", KernelVariant.Vector128)]
    [InlineData("AVX2", KernelVariant.Vector256)]
    [InlineData("vector256", KernelVariant.Vector256)]
    [InlineData(" avx512 ", KernelVariant.Vector512)]
    [InlineData("vector512", KernelVariant.Vector512)]
    [InlineData("sse", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Variant_names_parse(string? name, KernelVariant? expected) =>
        Assert.Equal(expected, KernelSelection.Parse(name));

    [Fact]
    public void Every_supported_variant_has_kernels_of_that_variant()
    {
        Assert.Contains(KernelVariant.Scalar, KernelSelection.Supported);
        Assert.Equal(Avx512F.IsSupported, KernelSelection.IsSupported(KernelVariant.Vector512));
        foreach (var variant in KernelSelection.Supported)
        {
            Assert.Equal(variant, KernelSelection.For(variant).Variant);
        }
    }
}
