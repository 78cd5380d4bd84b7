using Mlp.Model;

namespace Mlp.Data;

/// <summary>
/// Training data, columnar: one float array per encoded input (one-hot expanded), each value
/// stored as its deviation from the column's origin (its first number, in double; 0 for
/// one-hot columns), and the target as a class index (classification) or a value in its own
/// units (regression).
/// </summary>
internal sealed class Dataset
{
    public required Schema Schema { get; init; }
    public required float[][] Columns { get; init; }

    /// <summary>How many of the last rows are validation rows from --validation-data (0: none).</summary>
    public int ValidationRows { get; init; }

    /// <summary>Per column, the value its floats are deviations from.</summary>
    public required double[] Origins { get; init; }
    public required float[] Target { get; init; }
    public required string File { get; init; }

    /// <summary>Each row's --sample-weight, or null without one.</summary>
    public float[]? Weights { get; init; }

    /// <summary>How the columns that mixed numbers and text were read.</summary>
    public MixedColumns.Reading Mixed { get; init; } = MixedColumns.Reading.None;

    public int Rows => Target.Length;

    /// <summary>A copy that training may change (it standardizes and takes the columns), leaving this one as it is.</summary>
    public Dataset Copy() =>
        new()
        {
            Schema = Schema,
            Columns = [.. Columns.Select(c => (float[])c.Clone())],
            ValidationRows = ValidationRows,
            Origins = (double[])Origins.Clone(),
            Target = (float[])Target.Clone(),
            File = File,
            Weights = (float[]?)Weights?.Clone(),
            Mixed = Mixed,
        };

    /// <summary>Some rows as a row-major matrix of their values in their units, and their targets.</summary>
    public (double[] Inputs, float[] Targets) InUnits(int[] rows)
    {
        int width = Columns.Length;
        var inputs = new double[rows.Length * width];
        var targets = new float[rows.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            for (int c = 0; c < width; c++)
            {
                inputs[r * width + c] = Origins[c] + Columns[c][rows[r]];
            }
            targets[r] = Target[rows[r]];
        }
        return (inputs, targets);
    }

    /// <summary>Column <paramref name="column"/> as float32 values in its units (no longer deviations).</summary>
    public void ToUnits(int column)
    {
        double origin = Origins[column];
        var values = Columns[column];
        for (int r = 0; r < values.Length; r++)
        {
            values[r] = (float)(origin + values[r]);
        }
        Origins[column] = 0;
    }

    /// <summary>Inputs (64 MB of floats) from which the conversion gives memory back explicitly.</summary>
    private const long LargeFloats = 1 << 24;

    /// <summary>
    /// The inputs as one row-major matrix (rows, inputs), so a batch is gathered with row
    /// copies; each column is released as soon as it is copied.
    /// </summary>
    public float[] TakeRowMajor()
    {
        int width = Columns.Length;
        // Loading leaves large garbage (grown and trimmed column buffers); for a large data set,
        // collect it and give the memory back before the matrix doubles the live data, and the
        // columns after it, so the peak stays near 2× the data. Aggressive collections also
        // decommit what they free; on small data they would only cost time.
        bool large = (long)Rows * width >= LargeFloats;
        if (large)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        var matrix = GC.AllocateUninitializedArray<float>(Rows * width);
        for (int c = 0; c < width; c++)
        {
            var column = Columns[c];
            for (int r = 0; r < column.Length; r++)
            {
                matrix[r * width + c] = column[r];
            }
            Columns[c] = [];
        }
        if (large)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        return matrix;
    }
}
