using System.Diagnostics;

namespace Mlp.Cli.Commands;

/// <summary>--slurm N: the script that runs a command as a Slurm job array and merges it; --submit runs it.</summary>
internal static class SlurmRun
{
    /// <param name="inputs">The files the tasks read: the merged output must not be one of them.</param>
    public static int Run(
        IReadOnlyList<string> command,
        int tasks,
        string output,
        (string Option, string? Path)[] inputs,
        string what,
        bool submit,
        CliContext context
    )
    {
        // The jobs write the output later: its path is checked now, as if this run wrote it.
        using (var plan = new OutputPlan(context))
        {
            foreach (var (option, input) in inputs)
            {
                plan.Input(option, input);
            }
            plan.Output("-o", output);
        }
        string script = SlurmScript.Write(command, tasks, output, what);
        if (!submit)
        {
            context.Out.Write(script);
            context.Out.Flush();
            return 0;
        }
        string path = Path.Combine(Path.GetTempPath(), $"mlp-slurm-{Environment.ProcessId}.sh");
        File.WriteAllText(path, script);
        try
        {
            var start = new ProcessStartInfo("bash", [path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var bash =
                Process.Start(start)
                ?? throw new MlpException(
                    "bash could not be started",
                    hint: "--submit runs the script with bash"
                );
            string ids = bash.StandardOutput.ReadToEnd();
            string errors = bash.StandardError.ReadToEnd();
            bash.WaitForExit();
            if (bash.ExitCode != 0)
            {
                throw new MlpException(
                    $"submitting the jobs failed: {errors.Trim().Split('\n')[^1]}",
                    hint: "is this a Slurm login node (sbatch on the PATH)? Without --submit the script is printed to run later"
                );
            }
            context.Out.Write(ids);
            context.Out.Flush();
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
