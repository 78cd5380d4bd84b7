namespace Mlp.Data;

/// <summary>
/// --validation-data: the rows of another CSV, matched to the training data's columns by name
/// and encoded with its schema (its categories, its imputation), appended after the training
/// rows as the dataset's validation rows.
/// </summary>
internal static class ValidationData
{
    /// <param name="weightColumn">--sample-weight: the validation rows are weighed by the same column.</param>
    public static Dataset Append(
        Dataset data,
        string path,
        string? weightColumn,
        ReadSettings reading
    )
    {
        var (inputs, targets, weights) = LabelledRows.Read(
            data.Schema,
            path,
            readTarget: true,
            reading,
            weightColumn: weightColumn
        );
        int width = data.Columns.Length;
        int trainRows = data.Rows;
        int rows = targets.Length;
        var columns = new float[width][];
        for (int c = 0; c < width; c++)
        {
            var column = new float[trainRows + rows];
            data.Columns[c].CopyTo(column, 0);
            double origin = data.Origins[c];
            for (int r = 0; r < rows; r++)
            {
                column[trainRows + r] = (float)(inputs[r * width + c] - origin);
            }
            columns[c] = column;
        }
        return new Dataset
        {
            Schema = data.Schema,
            Columns = columns,
            Origins = data.Origins,
            Target = [.. data.Target, .. targets],
            File = data.File,
            ValidationRows = rows,
            Weights = data.Weights is null ? null : [.. data.Weights, .. weights!],
            Mixed = data.Mixed,
        };
    }
}
