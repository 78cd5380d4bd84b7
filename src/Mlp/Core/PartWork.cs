namespace Mlp;

/// <summary>
/// Which of a computation's independent parts (a permutation's shuffles, a grid's batches) this
/// run does, when the work is spread over several runs whose results are put together later:
/// shard K of N computes the parts [⌊P·K/N⌋, ⌊P·(K+1)/N⌋) of P and hands each part's values to
/// <see cref="Done"/>; a merging run computes none and takes every part's values from
/// <see cref="Given"/>. Each part is computed exactly as the whole run computes it, so the
/// merged result is the whole run's, bit for bit.
/// </summary>
internal sealed class PartWork
{
    /// <summary>This shard's index (from 0) and the number of shards; (0, 1) in a merge.</summary>
    public int Index { get; init; }
    public int Count { get; init; } = 1;

    /// <summary>Each computed part's values, with its index among all parts.</summary>
    public Action<int, double[]>? Done { get; init; }

    /// <summary>In a merge: every part's values, computed by the shards.</summary>
    public Func<int, double[]>? Given { get; init; }

    /// <summary>How many parts the whole computation has, once <see cref="Share"/> was asked.</summary>
    public int? Total { get; private set; }

    /// <summary>The parts of <paramref name="total"/> this run computes: none in a merge.</summary>
    public (int Start, int End) Share(int total)
    {
        Total = total;
        return Given is not null
            ? (0, 0)
            : ((int)((long)total * Index / Count), (int)((long)total * (Index + 1) / Count));
    }
}
