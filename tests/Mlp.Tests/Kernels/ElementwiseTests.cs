using Mlp.Kernels;

namespace Mlp.Tests.Kernels;

public class ElementwiseTests
{
    [Theory]
    [InlineData(Activation.Identity, -2.0, -2.0)]
    [InlineData(Activation.Relu, -2.0, 0.0)]
    [InlineData(Activation.Relu, 3.0, 3.0)]
    [InlineData(Activation.LeakyRelu, -2.0, -0.02)]
    [InlineData(Activation.Tanh, 0.5, 0.46211715726000974)]
    [InlineData(Activation.Sigmoid, 0.0, 0.5)]
    [InlineData(Activation.Sigmoid, 2.0, 0.8807970779778823)]
    // GELU (tanh form) at 1: 0.5·(1 + tanh(0.7978845608·1.044715)) = 0.8411919906
    [InlineData(Activation.Gelu, 1.0, 0.8411919906082768)]
    public void Activation_values_match_their_definitions(
        Activation activation,
        double z,
        double expected
    )
    {
        Assert.Equal(expected, Activations.Apply(z, activation), 12);
    }

    [Fact]
    public void Sigmoid_does_not_overflow_for_large_inputs()
    {
        Assert.Equal(1f, Activations.Sigmoid(1000f));
        Assert.Equal(0f, Activations.Sigmoid(-1000f));
    }

    [Fact]
    public void Bias_forward_adds_bias_per_row_and_applies_relu()
    {
        float[] z = [1, -2, -3, 4]; // 2 rows × 2 units
        var a = new float[4];
        Activations.BiasForward<float>(z, [0.5f, 1f], a, 2, Activation.Relu);
        Assert.Equal([1.5f, -1f, -2.5f, 5f], z);
        Assert.Equal([1.5f, 0f, 0f, 5f], a);
    }

    [Fact]
    public void Backward_multiplies_by_the_derivative()
    {
        // tanh'(z) = 1 − a²; with a = 0.5 → 0.75. sigmoid' = a(1 − a); a = 0.25 → 0.1875.
        float[] gradient = [2f];
        Activations.Backward<float>([0f], [0.5f], gradient, Activation.Tanh);
        Assert.Equal(1.5f, gradient[0]);
        gradient = [4f];
        Activations.Backward<float>([0f], [0.25f], gradient, Activation.Sigmoid);
        Assert.Equal(0.75f, gradient[0]);
        gradient = [3f, 3f];
        Activations.Backward<float>([-1f, 1f], [0f, 1f], gradient, Activation.LeakyRelu);
        Assert.Equal(0.03f, gradient[0], 6);
        Assert.Equal(3f, gradient[1]);
    }

    [Fact]
    public void Sigmoid_cross_entropy_matches_hand_computation()
    {
        // x = 0, y = 1: loss ln 2, gradient 0.5 − 1 = −0.5. x = 2, y = 0: loss ln(1 + e²) = 2.126928, gradient σ(2).
        var gradient = new double[2];
        double loss = Losses.SigmoidCrossEntropy<double>([0.0, 2.0], [1.0, 0.0], gradient, 1.0);
        Assert.Equal(Math.Log(2) + Math.Log(1 + Math.Exp(2)), loss, 12);
        Assert.Equal(-0.5, gradient[0], 12);
        Assert.Equal(1 / (1 + Math.Exp(-2)), gradient[1], 12);
    }

    [Fact]
    public void Sigmoid_cross_entropy_is_finite_for_huge_logits()
    {
        var gradient = new float[1];
        float loss = Losses.SigmoidCrossEntropy<float>([-200f], [1f], gradient, 1f);
        Assert.Equal(200f, loss, 3);
        Assert.Equal(-1f, gradient[0]);
    }

    [Fact]
    public void Softmax_cross_entropy_matches_hand_computation()
    {
        // logits [1, 2, 3], label 2: p = e^x / Σ; loss = −ln p₂ = ln(e + e² + e³) − 3 = 0.407606.
        var gradient = new double[3];
        double loss = Losses.SoftmaxCrossEntropy<double>([1.0, 2.0, 3.0], [2.0], gradient, 3, 0.5);
        double sum = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Assert.Equal(Math.Log(sum) - 3, loss, 12);
        Assert.Equal(0.5 * Math.Exp(1) / sum, gradient[0], 12);
        Assert.Equal(0.5 * (Math.Exp(3) / sum - 1), gradient[2], 12);
    }

    [Fact]
    public void Squared_error_matches_hand_computation()
    {
        var gradient = new float[2];
        float loss = Losses.SquaredError<float>([3f, -1f], [1f, -1f], gradient, 0.5f);
        Assert.Equal(4f, loss);
        Assert.Equal([2f, 0f], gradient);
    }

    [Fact]
    public void Column_sums_add_each_column()
    {
        var sums = new float[] { 9, 9, 9 };
        Reductions.ColumnSums<float>([1, 2, 3, 4, 5, 6], 2, 3, sums, accumulate: false);
        Assert.Equal([5f, 7f, 9f], sums);
        Reductions.ColumnSums<float>([1, 1, 1], 1, 3, sums, accumulate: true);
        Assert.Equal([6f, 8f, 10f], sums);
    }

    [Fact]
    public void Sgd_and_momentum_steps_match_hand_computation()
    {
        float[] w = [1f];
        Optimizers.Sgd<float>(w, [0.5f], 0.1f, 0.2f); // 1 − 0.1·(0.5 + 0.2·1) = 0.93
        Assert.Equal(0.93f, w[0], 6);
        float[] p = [1f];
        float[] velocity = [1f];
        Optimizers.Momentum<float>(p, [0.5f], velocity, 0.1f, 0.9f, 0f); // v = 0.9 + 0.5 = 1.4; p = 1 − 0.14
        Assert.Equal(1.4f, velocity[0], 6);
        Assert.Equal(0.86f, p[0], 6);
    }

    [Fact]
    public void First_adam_step_moves_each_weight_by_the_learning_rate()
    {
        // At step 1, m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) ≈ lr·sign(g).
        double[] w = [1.0, -1.0];
        double[] m = new double[2];
        double[] v = new double[2];
        var settings = new AdamSettings<double>(0.01, 0.9, 0.999, 1e-8, 0, 0);
        Optimizers.Adam<double>(w, [3.0, -0.2], m, v, settings, 1);
        Assert.Equal(1.0 - 0.01 * 3 / (3 + 1e-8), w[0], 12);
        Assert.Equal(-1.0 + 0.01 * 0.2 / (0.2 + 1e-8), w[1], 12);
        Assert.Equal(0.3, m[0], 12);
        Assert.Equal(0.001 * 9, v[0], 12);
    }

    [Fact]
    public void Adamw_decays_the_weight_before_the_adam_step()
    {
        double[] w = [2.0];
        var settings = new AdamSettings<double>(0.1, 0.9, 0.999, 1e-8, 0, 0.5);
        Optimizers.Adam<double>(w, [0.0], new double[1], new double[1], settings, 1);
        Assert.Equal(2.0 * (1 - 0.1 * 0.5), w[0], 12);
    }
}
