using BenchmarkDotNet.Attributes;
using Mlp.Training;

namespace Mlp.Bench;

/// <summary>One optimizer step of each peer workload (gather, forward, loss, backward, Adam), with allocations.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class TrainingStepBenchmarks
{
    private TrainingStep _step = null!;
    private float[] _inputs = [],
        _target = [];
    private int[] _order = [];
    private int _next;

    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = "";

    public static IEnumerable<string> Workloads() => Mlp.Bench.Workload.All.Select(w => w.Name);

    private Workload Selected => Mlp.Bench.Workload.All.First(w => w.Name == Workload);

    [GlobalSetup]
    public void Setup() => (_step, _inputs, _target, _order) = Selected.Build();

    [Benchmark]
    public double Step()
    {
        int batch = Selected.BatchSize;
        int batches = _order.Length / batch;
        _next = (_next + 1) % batches;
        return _step.Run(_inputs, _target, _order.AsSpan(_next * batch, batch), null);
    }
}
