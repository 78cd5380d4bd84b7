using System.Globalization;

namespace Mlp.Data;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (from 0, as a Slurm job array's task and a
/// Kubernetes indexed job's completion index count): a contiguous part of a file's rows, so
/// that the shards' outputs, put one after another in index order, are the whole file's.
/// </summary>
internal readonly record struct Shard(int Index, int Count)
{
    /// <summary>"K/N" with 0 ≤ K &lt; N; null when the text is not that.</summary>
    public static Shard? Parse(string text)
    {
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        return
            slash > 0
            && int.TryParse(
                text[..slash],
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out int index
            )
            && int.TryParse(
                text[(slash + 1)..],
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out int count
            )
            && count >= 1
            && index < count
            ? new Shard(index, count)
            : null;
    }

    /// <summary>The shard a Slurm array task is (SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT, as `sbatch --array=0-(N−1)` numbers them); null outside one.</summary>
    public static Shard? FromSlurm(Func<string, string?> environment) =>
        environment("SLURM_ARRAY_TASK_ID") is string id
        && environment("SLURM_ARRAY_TASK_COUNT") is string count
            ? Parse($"{id}/{count}")
            : null;

    public override string ToString() => $"{Index}/{Count}";
}
