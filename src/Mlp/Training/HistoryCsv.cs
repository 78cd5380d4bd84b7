using System.Globalization;
using System.Text;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>The --history file: epoch, train_loss, val_loss (empty without validation), metric, seconds, lr (the epoch's learning rate).</summary>
internal static class HistoryCsv
{
    public static void Write(IEnumerable<EpochRecord> history, Stream stream)
    {
        using var writer = new StreamWriter(
            stream,
            new UTF8Encoding(false),
            1 << 16,
            leaveOpen: true
        );
        writer.Write("epoch,train_loss,val_loss,metric,seconds,lr\n");
        foreach (var record in history)
        {
            writer.Write(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{record.Epoch},{record.TrainLoss:R},{(record.ValidationLoss is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "")},{record.Metric:R},{record.Seconds:0.######},{(float)record.LearningRate:R}\n"
                )
            );
        }
    }
}
