using System.Globalization;
using System.Text;

namespace Mlp.Cli;

/// <summary>
/// A bash script that runs one command as a Slurm job array of N tasks, each with --shard auto
/// (its share of the work, into its own file), then a job that merges the shards' outputs into
/// one file once every task has succeeded (--dependency=afterok), and prints both job ids. It is
/// run with bash, not sbatch: it submits the two jobs itself. The task and merge scripts it
/// writes sit in a folder beside the output, and the merge job removes it when done.
/// </summary>
internal static class SlurmScript
{
    /// <param name="command">The mlp command line of one task, without --shard (the tasks add --shard auto).</param>
    /// <param name="tasks">N, the array's size.</param>
    /// <param name="output">The merged output's path.</param>
    public static string Write(IReadOnlyList<string> command, int tasks, string output, string what)
    {
        string self = string.Join(' ', SelfCommand().Select(Quote));
        string work = output + ".slurm";
        string ShardFile(int index) =>
            $"{work}/{index.ToString("D4", CultureInfo.InvariantCulture)}.out";
        var script = new StringBuilder();
        script.Append(
            CultureInfo.InvariantCulture,
            $"""
            #!/usr/bin/env bash
            # mlp {what} as a Slurm job array of {tasks} tasks, each doing its share of the work
            # (--shard auto), then a job that merges their outputs into {output} once all
            # succeeded. Written by mlp; run it with bash (not sbatch): it submits both jobs and
            # prints their ids. The folder {work} holds the shards until the merge.
            set -euo pipefail
            cd {Quote(Directory.GetCurrentDirectory())}
            work={Quote(work)}
            mkdir -p "$work"
            cat > "$work/task.sh" <<'MLP_TASK'
            #!/usr/bin/env bash
            set -euo pipefail
            {self} {string.Join(' ', command.Select(Quote))} --shard auto > {Quote(
                work
            )}/"$(printf %04d "$SLURM_ARRAY_TASK_ID").out"
            MLP_TASK
            cat > "$work/merge.sh" <<'MLP_MERGE'
            #!/usr/bin/env bash
            set -euo pipefail
            {self} merge {string.Join(
                ' ',
                Enumerable.Range(0, tasks).Select(i => Quote(ShardFile(i)))
            )} -o {Quote(output)}
            rm -r {Quote(work)}
            MLP_MERGE
            array=$(sbatch --parsable --array=0-{tasks
                - 1} --job-name=mlp-{what} --output="$work/task-%a.log" "$work/task.sh" | cut -d';' -f1)
            merge=$(sbatch --parsable --dependency=afterok:"$array" --job-name=mlp-merge --output={Quote(
                output + ".merge.log"
            )} "$work/merge.sh" | cut -d';' -f1)
            echo "$array $merge"

            """
        );
        return script.ToString();
    }

    /// <summary>How this mlp is started again: its own executable, or dotnet and its assembly.</summary>
    private static string[] SelfCommand()
    {
        string process = Environment.ProcessPath ?? "mlp";
        string name = Path.GetFileNameWithoutExtension(process);
        return name == "dotnet" ? [process, typeof(SlurmScript).Assembly.Location] : [process];
    }

    /// <summary>A word for bash: in single quotes unless it is plain.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:@%+".Contains(c))
            ? word
            : $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
