using System.Text;
using Mlp.Data;
using Mlp.Export;
using Mlp.Kernels;
using Mlp.Metrics;
using Mlp.Model;
using Mlp.Training;

namespace Mlp;

/// <summary>
/// A trained network with everything it needs to read raw rows: its columns, their encoding and
/// scaling, and its classes. Train one with <see cref="Train(string, TrainingOptions?, IProgress{TrainingProgress}?, CancellationToken)"/>,
/// or load a file that <see cref="Save"/> or <c>mlp train</c> wrote. Every method may be called
/// from several threads at once.
/// </summary>
/// <remarks>
/// Bad data, a bad model file and a bad option throw <see cref="MlpException"/> (with the file,
/// line and column where there is one); an option out of range throws
/// <see cref="InvalidSettingException"/>; a run whose numbers overflow throws
/// <see cref="TrainingDivergedException"/>.
/// </remarks>
public sealed partial class TrainedModel
{
    private TrainedModel(MlpModel model, IReadOnlyList<string> trainingWarnings)
    {
        Inner = model;
        TrainingWarnings = trainingWarnings;
    }

    internal MlpModel Inner { get; }

    /// <summary>What the model predicts.</summary>
    public ModelTask Task =>
        Inner.Schema.Task switch
        {
            TaskKind.Regression => ModelTask.Regression,
            TaskKind.Binary => ModelTask.Binary,
            _ => ModelTask.Multiclass,
        };

    /// <summary>The target column's name.</summary>
    public string TargetName => Inner.Schema.TargetName;

    /// <summary>The columns the model reads, in the order the row methods take their values.</summary>
    public IReadOnlyList<string> Features => [.. Inner.Schema.Sources.Select(s => s.Name)];

    /// <summary>The feature columns read as text (one-hot encoded categories).</summary>
    public IReadOnlyList<string> CategoricalFeatures =>
        [.. Inner.Schema.Sources.Where(s => s.IsCategorical).Select(s => s.Name)];

    /// <summary>Classification: the classes, in the order of <see cref="Prediction.Probabilities"/>. Regression: empty.</summary>
    public IReadOnlyList<string> Classes => Inner.Schema.Classes;

    /// <summary>The warnings training printed (a column dropped, gaps filled, categories grouped); empty for a loaded model.</summary>
    public IReadOnlyList<string> TrainingWarnings { get; }

    /// <summary>
    /// Where warnings about the data this model reads go (a category not seen in training);
    /// null, the default, drops them.
    /// </summary>
    public TextWriter? Warnings { get; set; }

    /// <summary>Reads a model file (any format version this library reads: mlp/1 to mlp/5).</summary>
    /// <exception cref="MlpException">The file cannot be read or is not a model.</exception>
    public static TrainedModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new TrainedModel(ModelFileReader.Load(path), []);
    }

    /// <summary>Writes the model file <c>mlp</c> reads. The file is replaced only once it is complete.</summary>
    public void Save(string path) => WriteWhole(path, stream => ModelFile.Write(Inner, stream));

    /// <summary>Writes the model as an ONNX graph that takes the model's inputs as <c>mlp export</c> does.</summary>
    public void ExportOnnx(string path) =>
        WriteWhole(path, stream => stream.Write(OnnxExport.Write(Inner)));

    /// <summary>
    /// Trains on a CSV, TSV, gzip or Parquet file, as <c>mlp train</c> does with the same options.
    /// </summary>
    /// <param name="dataPath">The data file: a header row, then one row per example.</param>
    /// <param name="options">How to read the data and train; null for <c>mlp train</c>'s defaults.</param>
    /// <param name="progress">Told of each finished epoch; may be null.</param>
    /// <param name="cancellationToken">Stops training between steps with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="InvalidSettingException">An option out of range, found before any data is read.</exception>
    /// <exception cref="MlpException">The data cannot be trained on.</exception>
#pragma warning disable RS0026 // Two Train overloads with optional parameters: their first parameters' types differ, so no call is ambiguous.
    public static TrainedModel Train(
        string dataPath,
        TrainingOptions? options = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        return TrainFrom(dataPath, null, options ?? new(), progress, cancellationToken);
    }

    /// <summary>Trains on columns in memory, read as a CSV file with the same cells would be (<see cref="Table"/>).</summary>
    /// <inheritdoc cref="Train(string, TrainingOptions?, IProgress{TrainingProgress}?, CancellationToken)"/>
    public static TrainedModel Train(
        Table table,
        TrainingOptions? options = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(table);
        using var csv = table.ToCsv();
        try
        {
            return TrainFrom("-", csv, options ?? new(), progress, cancellationToken);
        }
        catch (MlpException e)
        {
            throw e.InFile(CsvSource.DisplayName("-"), Table.DisplayName);
        }
    }

#pragma warning restore RS0026

    private static TrainedModel TrainFrom(
        string path,
        Stream? stream,
        TrainingOptions options,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancel
    )
    {
        var settings = options.Settings();
        var warnings = new StringWriter();
        var result = WorkerPool.WithThreads(
            options.Threads ?? WorkerPool.DefaultThreads(),
            () =>
            {
                var data = DatasetLoader.Load(
                    path,
                    options.Data(settings),
                    stream,
                    warnings: warnings,
                    cancel: cancel
                );
                return Trainer.Train(
                    data,
                    settings,
                    progress is null
                        ? null
                        : epoch =>
                            progress.Report(
                                new TrainingProgress(
                                    epoch.Epoch,
                                    epoch.TrainLoss,
                                    epoch.ValidationLoss
                                )
                            ),
                    cancel,
                    trackMetric: false
                );
            }
        );
        string[] lines = warnings
            .ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new TrainedModel(result.Model, lines);
    }

    /// <summary>The model's metrics on a labelled file (its target column included), as <c>mlp eval</c> prints them.</summary>
    /// <exception cref="MlpException">The file lacks a column the model reads, or a value cannot be read.</exception>
    public Evaluation Evaluate(string dataPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        var (rows, metrics) = Evaluator.Evaluate(
            Inner,
            dataPath,
            threshold: 0.5f,
            Reading(cancellationToken)
        );
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in metrics.Values)
        {
            if (value is double number)
            {
                values[name] = number;
            }
        }
        return new Evaluation(rows, values);
    }

    private ReadSettings Reading(CancellationToken cancel) =>
        new(Warnings ?? TextWriter.Null, Cancel: cancel);

    /// <summary>Writes a file through a temporary one beside it, so that a failure leaves what was there.</summary>
    private static void WriteWhole(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(
            Path.GetDirectoryName(full)!,
            $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"
        );
        try
        {
            using (var stream = File.Create(temporary))
            {
                write(stream);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The UTF-8 bytes of a cell given as text.</summary>
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
