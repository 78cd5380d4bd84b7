// Trains on a CSV whose last column is the target, saves and reloads the model, predicts rows
// held in memory, and prints each feature's permutation importance.
using Mlp;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: QuickStart DATA.csv");
    return 2;
}
string data = args[0];
string modelPath = Path.Combine(Path.GetTempPath(), $"quickstart-{Environment.ProcessId}.mlp");

try
{
    var trained = TrainedModel.Train(
        data,
        new TrainingOptions { Seed = 7 },
        new Progress<TrainingProgress>(_ => { })
    );
    trained.Save(modelPath);
    var model = TrainedModel.Load(modelPath);
    Console.WriteLine(
        $"{model.Task} model of {model.TargetName} from {string.Join(", ", model.Features)}"
    );

    // The first three rows of the file, held in memory as text cells.
    foreach (string line in File.ReadLines(data).Skip(1).Take(3))
    {
        string?[] cells = line.Split(',')[..model.Features.Count];
        var prediction = model.Predict(cells);
        Console.WriteLine(
            prediction.Label is null
                ? $"{string.Join(",", cells)} -> {prediction.Value:G4}"
                : $"{string.Join(",", cells)} -> {prediction.Label} ({prediction.Value:P0})"
        );
    }

    var evaluation = model.Evaluate(data);
    Console.WriteLine(
        $"on the training rows: {string.Join(", ", evaluation.Metrics.Select(m => $"{m.Key} {m.Value:G4}"))}"
    );

    Console.WriteLine("permutation importance:");
    foreach (
        var score in model
            .Importance(data, ImportanceMethod.Permutation)
            .OrderByDescending(s => s.Importance)
    )
    {
        Console.WriteLine($"  {score.Feature, -20} {score.Importance:F4} ± {score.Std:F4}");
    }
    return 0;
}
catch (MlpException e)
{
    Console.Error.WriteLine($"error: {e.Describe()}");
    return 1;
}
finally
{
    File.Delete(modelPath);
}
