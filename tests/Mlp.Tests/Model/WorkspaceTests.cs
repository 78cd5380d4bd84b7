using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Tests.Model;

/// <summary>The workspace's buffers: each on a 64-byte boundary, none overlapping another.</summary>
public class WorkspaceTests
{
    [Fact]
    public void Float_buffers_are_aligned_and_disjoint() => Check<float>();

    [Fact]
    public void Double_buffers_are_aligned_and_disjoint() => Check<double>();

    private static void Check<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var network = Network<T>.Create(5, [7, 3], 2, Activation.Relu);
        const int capacity = 9;
        var workspace = new Workspace<T>(network, capacity);
        var buffers = new List<(nuint Start, int Bytes)>();
        void Add(Span<T> buffer)
        {
            buffers.Add((Address(buffer), buffer.Length * Unsafe.SizeOf<T>()));
        }
        for (int l = 0; l < network.Layers.Length; l++)
        {
            Add(workspace.PreActivation(l, capacity));
            Add(workspace.Activation(l, capacity));
        }
        var first = workspace.OutputGradient(capacity);
        var second = workspace.OtherGradient(first, capacity * network.MaxWidth);
        var third = workspace.OtherGradient(second, capacity * network.MaxWidth);
        Add(workspace.OtherGradient(second, capacity * network.MaxWidth));
        Add(second);
        Assert.True(Address(third) == Address(first), "the gradient buffers alternate");
        foreach (var (start, _) in buffers)
        {
            Assert.Equal(0u, start % Workspace<T>.AlignmentBytes);
        }
        var sorted = buffers.OrderBy(b => b.Start).ToArray();
        for (int i = 1; i < sorted.Length; i++)
        {
            Assert.True(sorted[i - 1].Start + (nuint)sorted[i - 1].Bytes <= sorted[i].Start);
        }
        Assert.Equal(capacity * 7, workspace.Activation(0, capacity).Length);
        Assert.Equal(capacity * 2, first.Length);
    }

    private static unsafe nuint Address<T>(Span<T> span)
        where T : unmanaged => (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));
}
