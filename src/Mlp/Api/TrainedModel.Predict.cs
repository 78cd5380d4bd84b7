using System.Globalization;
using Mlp.Data;
using Mlp.Metrics;
using Mlp.Model;

namespace Mlp;

public sealed partial class TrainedModel
{
    /// <summary>Where a row given in memory is, in error messages.</summary>
    private const string RowName = "<row>";

    /// <summary>
    /// Predicts one row given as numbers, one per <see cref="Features"/> entry in that order;
    /// NaN is a gap. A categorical feature's number is its category's name written as a number
    /// ("3" for 3).
    /// </summary>
    /// <exception cref="ArgumentException">The row does not have one value per feature.</exception>
    /// <exception cref="MlpException">A gap the model cannot fill (trained with --missing error).</exception>
    public Prediction Predict(ReadOnlySpan<double> features) => PredictRows(features, 1)[0];

    /// <inheritdoc cref="Predict(ReadOnlySpan{double})"/>
    public Prediction Predict(ReadOnlySpan<float> features)
    {
        var widened = new double[features.Length];
        for (int i = 0; i < features.Length; i++)
        {
            widened[i] = features[i];
        }
        return Predict(widened);
    }

    /// <summary>
    /// Predicts rows given as numbers, row after row, one value per <see cref="Features"/> entry
    /// (<c>rows.Length / Features.Count</c> rows), as <see cref="Predict(ReadOnlySpan{double})"/>.
    /// </summary>
    public IReadOnlyList<Prediction> PredictRows(ReadOnlySpan<double> rows)
    {
        int width = Inner.Schema.Sources.Length;
        if (width == 0 || rows.Length % width != 0)
        {
            throw new ArgumentException(
                $"{rows.Length} values are not whole rows of the model's {width} features",
                nameof(rows)
            );
        }
        return PredictRows(rows, rows.Length / width);
    }

    /// <summary>
    /// Predicts one row given as text, as the cells of a CSV row: one per <see cref="Features"/>
    /// entry in that order; null, empty, NA, NaN or null is a gap.
    /// </summary>
    /// <exception cref="ArgumentException">The row does not have one value per feature.</exception>
    /// <exception cref="MlpException">A number column's value is not a number, or a gap the model cannot fill.</exception>
    public Prediction Predict(IReadOnlyList<string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var sources = Inner.Schema.Sources;
        CheckWidth(fields.Count);
        var encoder = new RowEncoder(Inner.Schema, Warnings ?? TextWriter.Null);
        var inputs = new double[Inner.Schema.InputCount];
        int offset = 0;
        for (int s = 0; s < sources.Length; s++)
        {
            string text = fields[s] ?? "";
            var kind = Cell.Classify(Utf8(text), out double value, RowName, 0, sources[s].Name);
            Encode(encoder, s, kind, value, text, inputs, ref offset);
        }
        return Outputs(inputs, 1)[0];
    }

    /// <summary>Predicts every row of a CSV, TSV, gzip or Parquet file that has the model's feature columns, in file order.</summary>
    /// <exception cref="MlpException">The file lacks a column the model reads, or a value cannot be read.</exception>
    public IReadOnlyList<Prediction> PredictFile(
        string dataPath,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        var predictions = new List<Prediction>();
        var predictor = new Predictor(Inner, LabelledRows.ChunkRows);
        var outputs = new float[LabelledRows.ChunkRows * predictor.OutputWidth];
        LabelledRows.Stream(
            Inner.Schema,
            dataPath,
            readTarget: false,
            Reading(cancellationToken),
            (inputs, _, _, rows) =>
            {
                predictor.Predict(inputs, rows, outputs);
                for (int r = 0; r < rows; r++)
                {
                    predictions.Add(
                        ToPrediction(
                            outputs.AsSpan(r * predictor.OutputWidth, predictor.OutputWidth)
                        )
                    );
                }
            }
        );
        return predictions;
    }

    private Prediction[] PredictRows(ReadOnlySpan<double> rows, int count)
    {
        var sources = Inner.Schema.Sources;
        CheckWidth(rows.Length / Math.Max(1, count));
        var encoder = new RowEncoder(Inner.Schema, Warnings ?? TextWriter.Null);
        var inputs = new double[count * Inner.Schema.InputCount];
        int offset = 0;
        for (int r = 0; r < count; r++)
        {
            for (int s = 0; s < sources.Length; s++)
            {
                double value = rows[r * sources.Length + s];
                var kind = double.IsNaN(value) ? CellKind.Missing : CellKind.Number;
                string? text = sources[s].IsCategorical
                    ? value.ToString("R", CultureInfo.InvariantCulture)
                    : null;
                if (kind == CellKind.Number && !(Math.Abs(value) <= float.MaxValue))
                {
                    throw new MlpException(
                        $"value {value.ToString(CultureInfo.InvariantCulture)} is outside float's range",
                        new ErrorPlace(RowName, r + 1, sources[s].Name)
                    );
                }
                Encode(encoder, s, kind, value, text, inputs, ref offset);
            }
        }
        return Outputs(inputs, count);
    }

    private void CheckWidth(int given)
    {
        int width = Inner.Schema.Sources.Length;
        if (given != width)
        {
            throw new ArgumentException(
                $"a row has {given} values; the model reads {width} features ({TextList.Of(Features)})"
            );
        }
    }

    private void Encode(
        RowEncoder encoder,
        int source,
        CellKind kind,
        double value,
        string? text,
        double[] inputs,
        ref int offset
    )
    {
        var feature = Inner.Schema.Sources[source];
        int within = offset % Inner.Schema.InputCount;
        encoder.Source(
            source,
            kind,
            value,
            text,
            RowName,
            0,
            inputs.AsSpan(offset, feature.Width),
            within
        );
        offset += feature.Width;
    }

    private Prediction[] Outputs(double[] inputs, int rows)
    {
        var predictor = new Predictor(Inner, Math.Min(rows, LabelledRows.ChunkRows));
        int width = predictor.OutputWidth;
        var outputs = new float[predictor.Capacity * width];
        var predictions = new Prediction[rows];
        int inputCount = Inner.Schema.InputCount;
        for (int first = 0; first < rows; first += predictor.Capacity)
        {
            int count = Math.Min(predictor.Capacity, rows - first);
            predictor.Predict(
                inputs.AsSpan(first * inputCount, count * inputCount),
                count,
                outputs
            );
            for (int r = 0; r < count; r++)
            {
                predictions[first + r] = ToPrediction(outputs.AsSpan(r * width, width));
            }
        }
        return predictions;
    }

    private Prediction ToPrediction(ReadOnlySpan<float> outputs)
    {
        var schema = Inner.Schema;
        switch (schema.Task)
        {
            case TaskKind.Regression:
                return new Prediction(outputs[0], null, []);
            case TaskKind.Binary:
                double positive = outputs[0];
                int predicted = Scoring.PredictedClass(schema.Task, outputs, 0.5f);
                return new Prediction(
                    predicted == 1 ? positive : 1 - positive,
                    schema.Classes[predicted],
                    [1 - positive, positive]
                );
            default:
                var probabilities = new double[schema.Classes.Length];
                for (int c = 0; c < probabilities.Length; c++)
                {
                    probabilities[c] = outputs[c];
                }
                int best = Scoring.PredictedClass(schema.Task, outputs, 0.5f);
                return new Prediction(probabilities[best], schema.Classes[best], probabilities);
        }
    }
}
