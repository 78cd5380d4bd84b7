using System.Buffers;
using System.Text;
using Mlp.Data;
using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>
/// A chunk's predictions as predict's CSV lines, straight into UTF-8: each row's kept fields,
/// then regression's prediction; binary's p_&lt;positive class&gt;,label; multiclass's
/// p_&lt;class&gt;…,label. One per thread: it holds the predictor's buffers.
/// </summary>
internal sealed class PredictionText(MlpModel model, int capacity, float threshold)
{
    private readonly Predictor _predictor = new(model, capacity);
    private readonly float[] _outputs = new float[capacity * model.Network.OutputCount];
    private readonly ArrayBufferWriter<byte> _text = new();

    /// <summary>Each class's label as a CSV field, in UTF-8.</summary>
    private readonly byte[][] _labels =
    [
        .. model.Schema.Classes.Select(name => Encoding.UTF8.GetBytes(CsvText.Field(name))),
    ];

    /// <summary>The lines of <paramref name="rows"/> rows of inputs in their units (and each row's kept fields, or none); valid until the next call.</summary>
    public ReadOnlySpan<byte> Write(double[] inputs, int rows, List<string> kept)
    {
        var schema = model.Schema;
        int width = _predictor.OutputWidth;
        _predictor.Predict(inputs, rows, _outputs);
        var text = _text;
        text.ResetWrittenCount();
        bool keep = kept.Count > 0;
        for (int r = 0; r < rows; r++)
        {
            if (keep)
            {
                Encoding.UTF8.GetBytes(kept[r], text);
            }
            var outputs = _outputs.AsSpan(r * width, width);
            for (int o = 0; o < outputs.Length; o++)
            {
                var span = text.GetSpan(FloatText.MaxBytes + 1);
                int length = FloatText.Write(outputs[o], span);
                span[length++] =
                    o + 1 < outputs.Length || schema.Task != TaskKind.Regression
                        ? (byte)','
                        : (byte)'\n';
                text.Advance(length);
            }
            if (schema.Task != TaskKind.Regression)
            {
                text.Write(_labels[Scoring.PredictedClass(schema.Task, outputs, threshold)]);
                text.Write("\n"u8);
            }
        }
        return text.WrittenSpan;
    }
}
