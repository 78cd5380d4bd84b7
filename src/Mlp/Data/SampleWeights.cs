namespace Mlp.Data;

/// <summary>--sample-weight: a numeric column whose value weighs each row in the loss and the metrics.</summary>
internal static class SampleWeights
{
    /// <summary>A weight as read: a finite number, not negative; anything else is an error at its place.</summary>
    public static float Check(double value, CellKind kind, string text, ErrorPlace place)
    {
        if (kind == CellKind.Missing)
        {
            throw new MlpException("missing sample weight", place, "every row needs a weight");
        }
        if (kind != CellKind.Number || !double.IsFinite(value) || value < 0)
        {
            throw new MlpException($"sample weight '{text}' is not a number ≥ 0", place);
        }
        return (float)value;
    }

    /// <summary>The weights must not all be 0: a weighted mean over them would be undefined.</summary>
    public static void CheckTotal(ReadOnlySpan<float> weights, string file, string column)
    {
        foreach (float w in weights)
        {
            if (w > 0)
            {
                return;
            }
        }
        throw new MlpException("every sample weight is 0", new ErrorPlace(file, 0, column));
    }
}
