using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Tests.Properties;

/// <summary>
/// A multilayer perceptron written from the contract alone, in double precision with plain
/// loops and none of the product's kernels, layouts or chunking: the independent reference a
/// training step is checked against. Parameters in the model file's order: per layer, weights
/// [out][in] then biases. Hidden layers use one activation, the last layer is linear (logits).
/// </summary>
internal sealed class ReferenceNetwork(int[] widths, Activation hidden, TaskKind task)
{
    /// <summary>How close to a kink (ReLU's 0) a pre-activation may be before float and double may take different sides.</summary>
    private const double KinkMargin = 1e-5;

    public int Layers => widths.Length - 1;

    /// <summary>
    /// What one batch gives: the summed (weighted) loss, the gradient of its mean, each row's
    /// logits. <c>Scale</c> is the gradient backpropagated in absolute values from a loss
    /// gradient as large as the outputs, targets and logit sums: float rounding of the forward
    /// and backward passes moves each gradient entry by a small multiple of it.
    /// </summary>
    public sealed record BatchResult(
        double Loss,
        double[] Gradient,
        double[] Scale,
        double[][] Logits,
        bool NearKink
    );

    /// <param name="dropout">The mask of hidden layer l, row r (in the batch), unit j; null for none.</param>
    public BatchResult Run(
        double[] parameters,
        float[] inputs,
        float[] target,
        float[]? weights,
        ReadOnlySpan<int> rows,
        Func<int, int, int, double>? dropout
    )
    {
        var gradient = new double[parameters.Length];
        var scale = new double[parameters.Length];
        var logits = new double[rows.Length][];
        double loss = 0,
            totalWeight = 0;
        bool nearKink = false;
        var pass = new List<(double[] Z, double[] A, double[] Size)>();
        for (int r = 0; r < rows.Length; r++)
        {
            totalWeight += weights?[rows[r]] ?? 1;
        }
        for (int r = 0; r < rows.Length; r++)
        {
            int row = rows[r];
            double w = weights?[row] ?? 1;
            var x = new double[widths[0]];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = inputs[row * widths[0] + i];
            }
            pass.Clear();
            var a = x;
            var size = x.Select(Math.Abs).ToArray();
            int offset = 0;
            double logitMagnitude = 0;
            for (int l = 0; l < Layers; l++)
            {
                int fanIn = widths[l],
                    fanOut = widths[l + 1];
                var z = new double[fanOut];
                var output = new double[fanOut];
                var outputSize = new double[fanOut];
                bool last = l == Layers - 1;
                for (int j = 0; j < fanOut; j++)
                {
                    double sum = parameters[offset + fanIn * fanOut + j];
                    double magnitude = Math.Abs(sum);
                    for (int i = 0; i < fanIn; i++)
                    {
                        sum += parameters[offset + j * fanIn + i] * a[i];
                        magnitude += Math.Abs(parameters[offset + j * fanIn + i]) * size[i];
                    }
                    z[j] = sum;
                    if (last)
                    {
                        logitMagnitude = Math.Max(logitMagnitude, magnitude);
                    }
                    output[j] = last ? sum : Activate(sum, hidden);
                    if (!last && HasKink(hidden) && Math.Abs(sum) <= KinkMargin * magnitude)
                    {
                        nearKink = true;
                    }
                    // The unit's size for rounding: the absolute sum that made it (a value that is
                    // a small difference of large terms carries their rounding), through the
                    // activation's slope.
                    outputSize[j] = last
                        ? magnitude
                        : Math.Abs(Derivative(sum, hidden)) * magnitude + Slack(sum);
                    if (!last && dropout is not null)
                    {
                        output[j] *= dropout(l, r, j);
                        outputSize[j] *= dropout(l, r, j);
                    }
                }
                pass.Add((z, output, outputSize));
                a = output;
                size = outputSize;
                offset += fanIn * fanOut + fanOut;
            }
            logits[r] = a;
            var (rowLoss, δlogits) = Loss(a, target[row]);
            loss += w * rowLoss;
            // Backward: δ of each layer's pre-activation, from the top.
            // The gradient of Σ w·loss / Σ w; a batch whose weights are all 0 moves nothing.
            double share = totalWeight > 0 ? w / totalWeight : 0;
            var δ = δlogits.Select(g => g * share).ToArray();
            double lossSize = 1 + logitMagnitude + Math.Abs(target[row]) + a.Max(Math.Abs);
            var δscale = δlogits.Select(_ => lossSize * share).ToArray();
            for (int l = Layers - 1; l >= 0; l--)
            {
                offset -= widths[l] * widths[l + 1] + widths[l + 1];
                int fanIn = widths[l],
                    fanOut = widths[l + 1];
                var below = l == 0 ? x : pass[l - 1].A;
                var belowSize = l == 0 ? x.Select(Math.Abs).ToArray() : pass[l - 1].Size;
                for (int j = 0; j < fanOut; j++)
                {
                    for (int i = 0; i < fanIn; i++)
                    {
                        gradient[offset + j * fanIn + i] += δ[j] * below[i];
                        scale[offset + j * fanIn + i] += δscale[j] * belowSize[i];
                    }
                    gradient[offset + fanIn * fanOut + j] += δ[j];
                    scale[offset + fanIn * fanOut + j] += δscale[j];
                }
                if (l == 0)
                {
                    break;
                }
                var δbelow = new double[fanIn];
                var δscaleBelow = new double[fanIn];
                for (int i = 0; i < fanIn; i++)
                {
                    double sum = 0,
                        sumScale = 0;
                    for (int j = 0; j < fanOut; j++)
                    {
                        sum += parameters[offset + j * fanIn + i] * δ[j];
                        sumScale += Math.Abs(parameters[offset + j * fanIn + i]) * δscale[j];
                    }
                    double mask = dropout?.Invoke(l - 1, r, i) ?? 1;
                    double derivative = Derivative(pass[l - 1].Z[i], hidden);
                    δbelow[i] = sum * mask * derivative;
                    double z = pass[l - 1].Z[i];
                    δscaleBelow[i] = sumScale * mask * (Math.Abs(derivative) + Slack(z));
                }
                δ = δbelow;
                δscale = δscaleBelow;
            }
        }
        return new BatchResult(loss, gradient, scale, logits, nearKink);
    }

    /// <summary>A row's loss and ∂loss/∂logits: sigmoid + BCE, softmax + cross-entropy, or squared error.</summary>
    public (double Loss, double[] Gradient) Loss(double[] logits, double target)
    {
        switch (task)
        {
            case TaskKind.Binary:
                double p = 1 / (1 + Math.Exp(-logits[0]));
                double x = logits[0];
                // log(1 + e^x) − x·y, written so that it does not overflow.
                double loss = Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))) - x * target;
                return (loss, [p - target]);
            case TaskKind.Multiclass:
                double max = logits.Max();
                double sum = logits.Sum(v => Math.Exp(v - max));
                int label = (int)target;
                var gradient = logits.Select(v => Math.Exp(v - max) / sum).ToArray();
                double crossEntropy = Math.Log(sum) + max - logits[label];
                gradient[label] -= 1;
                return (crossEntropy, gradient);
            default:
                double difference = logits[0] - target;
                return (difference * difference, [2 * difference]);
        }
    }

    public static double Activate(double z, Activation activation) =>
        activation switch
        {
            Activation.Relu => Math.Max(z, 0),
            Activation.LeakyRelu => z > 0 ? z : 0.01 * z,
            Activation.Tanh => Math.Tanh(z),
            Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
            Activation.Gelu => 0.5
                * z
                * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z))),
            _ => z,
        };

    /// <summary>d activation / dz, by hand (GELU's tanh form differentiated with the chain rule).</summary>
    public static double Derivative(double z, Activation activation)
    {
        switch (activation)
        {
            case Activation.Relu:
                return z > 0 ? 1 : 0;
            case Activation.LeakyRelu:
                return z > 0 ? 1 : 0.01;
            case Activation.Tanh:
                return 1 - Math.Tanh(z) * Math.Tanh(z);
            case Activation.Sigmoid:
                double s = 1 / (1 + Math.Exp(-z));
                return s * (1 - s);
            case Activation.Gelu:
                double c = Math.Sqrt(2 / Math.PI);
                double t = Math.Tanh(c * (z + 0.044715 * z * z * z));
                return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * c * (1 + 3 * 0.044715 * z * z);
            default:
                return 1;
        }
    }

    /// <summary>
    /// What a float activation or its derivative at <paramref name="z"/> may be off by, in units
    /// of the rounding the gradient is compared with (1e-5 or more): the smooth ones are built from vector tanh and exp
    /// and lose up to 2e-6 (1 + |z|) where two terms cancel (GELU's 0.5(1 + t) with t near −1,
    /// measured over z in [−6, 6] on every kernel variant); the piecewise-linear ones are exact.
    /// </summary>
    private double Slack(double z) =>
        HasKink(hidden) || hidden == Activation.Identity ? 0 : 0.2 * (1 + Math.Abs(z));

    private static bool HasKink(Activation activation) =>
        activation is Activation.Relu or Activation.LeakyRelu;

    /// <summary>The predicted class of a row's logits: logit ≥ 0 (binary), else the largest (the first on a tie).</summary>
    public int PredictedClass(double[] logits)
    {
        if (task == TaskKind.Binary)
        {
            return logits[0] >= 0 ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < logits.Length; j++)
        {
            if (logits[j] > logits[best])
            {
                best = j;
            }
        }
        return best;
    }

    /// <summary>Whether a row's predicted class could differ between float and double (its margin is within rounding).</summary>
    public bool Undecided(double[] logits)
    {
        if (task == TaskKind.Binary)
        {
            return Math.Abs(logits[0]) < 1e-4;
        }
        var sorted = logits.OrderDescending().ToArray();
        return sorted[0] - sorted[1] < 1e-4 * Math.Max(1, Math.Abs(sorted[0]));
    }
}
