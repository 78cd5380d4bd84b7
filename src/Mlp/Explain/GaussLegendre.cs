namespace Mlp.Explain;

/// <summary>Gauss–Legendre quadrature on [0, 1]: n nodes integrate polynomials up to degree 2n − 1 exactly.</summary>
internal static class GaussLegendre
{
    /// <summary>Nodes in (0, 1), increasing, and their weights (which sum to 1).</summary>
    public static (double[] Nodes, double[] Weights) Rule(int count)
    {
        var nodes = new double[count];
        var weights = new double[count];
        for (int i = 0; i < count; i++)
        {
            // Newton's method on P_n from the Chebyshev-like initial guess of the i-th root on [-1, 1].
            double x = Math.Cos(Math.PI * (i + 0.75) / (count + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                (double p, derivative) = Legendre(count, x);
                double step = p / derivative;
                x -= step;
                if (Math.Abs(step) < 1e-15)
                {
                    break;
                }
            }
            (_, derivative) = Legendre(count, x);
            // Map [-1, 1] → [0, 1]: node (1 − x)/2 keeps the nodes increasing; weight halves.
            nodes[i] = (1 - x) / 2;
            weights[i] = 1 / ((1 - x * x) * derivative * derivative);
        }
        return (nodes, weights);
    }

    /// <summary>P_n(x) and P_n'(x) by the three-term recurrence.</summary>
    private static (double Value, double Derivative) Legendre(int n, double x)
    {
        double previous = 1,
            current = x;
        if (n == 0)
        {
            return (1, 0);
        }
        for (int k = 2; k <= n; k++)
        {
            double next = ((2 * k - 1) * x * current - (k - 1) * previous) / k;
            previous = current;
            current = next;
        }
        double derivative = n * (x * current - previous) / (x * x - 1);
        return (current, derivative);
    }
}
