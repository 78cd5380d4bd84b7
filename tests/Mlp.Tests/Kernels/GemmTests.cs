using Mlp.Kernels;

namespace Mlp.Tests.Kernels;

public class GemmTests
{
    // A (2×3) = [1 2 3; 4 5 6], B (3×2) = [7 8; 9 10; 11 12]; A·B = [58 64; 139 154] by hand.
    private static readonly float[] A = [1, 2, 3, 4, 5, 6];
    private static readonly float[] B = [7, 8, 9, 10, 11, 12];

    [Fact]
    public void Multiply_matches_hand_computed_product()
    {
        var c = new float[4];
        Gemm.Multiply<float>(A, B, c, 2, 3, 2, accumulate: false);
        Assert.Equal([58f, 64f, 139f, 154f], c);
    }

    [Fact]
    public void Multiply_one_by_one()
    {
        var c = new float[] { 100 };
        Gemm.Multiply<float>([3f], [-2f], c, 1, 1, 1, accumulate: false);
        Assert.Equal(-6f, c[0]);
    }

    [Fact]
    public void Multiply_accumulates_into_existing_values()
    {
        var c = new float[] { 1, 1, 1, 1 };
        Gemm.Multiply<float>(A, B, c, 2, 3, 2, accumulate: true);
        Assert.Equal([59f, 65f, 140f, 155f], c);
    }

    [Fact]
    public void Transposed_b_multiplies_by_the_rows_of_b()
    {
        // Bt (2×3) holds Bᵀ = [7 9 11; 8 10 12]; A·(Bt)ᵀ = A·B.
        float[] bt = [7, 9, 11, 8, 10, 12];
        var c = new float[4];
        Gemm.MultiplyTransposedB<float>(A, bt, c, 2, 3, 2, accumulate: false);
        Assert.Equal([58f, 64f, 139f, 154f], c);
    }

    [Fact]
    public void Transposed_a_multiplies_by_the_columns_of_a()
    {
        // At (3×2) holds Aᵀ = [1 4; 2 5; 3 6]; (At)ᵀ·B = A·B.
        float[] at = [1, 4, 2, 5, 3, 6];
        var c = new float[4];
        Gemm.MultiplyTransposedA<float>(at, B, c, 2, 3, 2, accumulate: false);
        Assert.Equal([58f, 64f, 139f, 154f], c);
    }

    [Fact]
    public void Non_square_product_of_a_row_and_a_column()
    {
        // (1×3)·(3×1) = 1·7 + 2·9 + 3·11 = 58; (3×1)·(1×2) is an outer product.
        var dot = new float[1];
        Gemm.Multiply<float>([1f, 2f, 3f], [7f, 9f, 11f], dot, 1, 3, 1, accumulate: false);
        Assert.Equal(58f, dot[0]);
        var outer = new float[6];
        Gemm.Multiply<float>([1f, 2f, 3f], [4f, 5f], outer, 3, 1, 2, accumulate: false);
        Assert.Equal([4f, 5f, 8f, 10f, 12f, 15f], outer);
    }

    [Fact]
    public void Transposed_accumulate_adds_to_existing_values()
    {
        float[] bt = [7, 9, 11, 8, 10, 12];
        var c = new float[] { -58, 0, 0, -154 };
        Gemm.MultiplyTransposedB<float>(A, bt, c, 2, 3, 2, accumulate: true);
        Assert.Equal([0f, 64f, 139f, 0f], c);
        float[] at = [1, 4, 2, 5, 3, 6];
        var d = new float[] { 2, 2, 2, 2 };
        Gemm.MultiplyTransposedA<float>(at, B, d, 2, 3, 2, accumulate: true);
        Assert.Equal([60f, 66f, 141f, 156f], d);
    }

    [Fact]
    public void Short_buffers_are_rejected()
    {
        Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply<float>(A, B, new float[3], 2, 3, 2, false)
        );
    }
}
