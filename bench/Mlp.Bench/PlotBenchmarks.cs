using BenchmarkDotNet.Attributes;
using Mlp.Cli;
using Mlp.Cli.Plot;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Bench;

/// <summary>
/// Issue 5's speed targets on a two-moons-sized problem (400 points, a 2-8-2-1 tanh network):
/// the 200 × 200 boundary grid as one batched forward pass (&lt; 50 ms), the whole boundary picture
/// with its PNG, and a 100-frame training animation (&lt; 3 s).
/// </summary>
[MemoryDiagnoser]
public class PlotBenchmarks
{
    private MlpModel _model = null!;
    private PlotData _data = null!;
    private DecisionGrid _grid = null!;

    [GlobalSetup]
    public void Setup()
    {
        var network = Network<float>.Create(2, [8, 2], 1, Activation.Tanh);
        network.Initialize(new Rng(1), Initialization.He);
        _model = new MlpModel
        {
            Schema = new Schema
            {
                Sources = [new SourceFeature("x1", null), new SourceFeature("x2", null)],
                TargetName = "moon",
                Task = TaskKind.Binary,
                Classes = ["0", "1"],
                ClassesAreNumbers = true,
            },
            Network = network,
            InputScaling = null,
            TargetScaling = null,
            Settings = new TrainingSettings(),
        };
        var rng = new Rng(2);
        var inputs = Enumerable.Range(0, 800).Select(_ => rng.NextGaussian()).ToArray();
        var targets = Enumerable.Range(0, 400).Select(i => (float)(i % 2)).ToArray();
        _data = new PlotData(inputs, targets);
        _grid = new DecisionGrid(_model, 0, 1, (-3, 3), (-3, 3), 200);
    }

    [Benchmark]
    public void BoundaryGrid200() => _grid.Evaluate();

    [Benchmark]
    public byte[] BoundaryPicturePng() => BoundaryChart.Draw(_model, _data, 0, 1, 200).Png();

    [Benchmark]
    public byte[] BoundaryPictureSvg() => BoundaryChart.Draw(_model, _data, 0, 1, 200).Svg();

    [Benchmark]
    public byte[] Animation100Frames()
    {
        var animation = new TrainingAnimation(_data, 0, 1, 1, 100, "accuracy");
        for (int epoch = 1; epoch <= 99; epoch++)
        {
            animation.OnEpoch(new EpochRecord(epoch, 0.5, null, 0.9, 0, 0.001), _model);
        }
        animation.Finish(new EpochRecord(100, 0.5, null, 0.9, 0, 0.001), _model);
        return animation.ToArray();
    }
}
