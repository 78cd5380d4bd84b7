using System.Globalization;

namespace Mlp.Data.Streaming;

/// <summary>
/// --memory: how much memory training may hold, and whether a data file's rows fit in it. The
/// default is a share of what the process may use: the runtime reads the machine's memory and
/// any container or cgroup limit on it.
/// </summary>
internal static class MemoryBudget
{
    /// <summary>The share of the process's memory the data may take by default; the rest is the runtime's, the network's and the pictures'.</summary>
    public const double DefaultShare = 0.5;

    /// <summary>The in-memory peak per byte of CSV text.</summary>
    private const long TextRatio = 2;

    /// <summary>A gzip CSV holds about this many times its size as text (numeric tables compress 3–5×).</summary>
    private const long GzipRatio = 5;

    public static long Default() =>
        (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * DefaultShare);

    /// <summary>
    /// About the most memory training in memory would hold for <paramref name="path"/>: twice
    /// the CSV text. Loading holds each value as a float in growing column buffers, then the
    /// row-major copy; measured on 21 numeric columns, the peak was 1.4× the text at 190 MB,
    /// 1.86× at 569 MB and 1.83× at 1.7 GB.
    /// </summary>
    public static long InMemoryPeak(string path)
    {
        if (path == "-" || !File.Exists(path))
        {
            return 0;
        }
        long size = new FileInfo(path).Length;
        return DataFormats.OfFile(path) switch
        {
            DataFormat.Gzip => size * GzipRatio * TextRatio,
            _ => size * TextRatio,
        };
    }

    /// <summary>A size for people: "640 KiB", "150 MiB", "1.6 GiB" (powers of 1024).</summary>
    public static string Text(long bytes) =>
        bytes < 1L << 20 ? string.Create(CultureInfo.InvariantCulture, $"{(bytes + 512) >> 10} KiB")
        : bytes < 10L << 30
            ? string.Create(CultureInfo.InvariantCulture, $"{(bytes + (1 << 19)) >> 20} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB");

    /// <summary>
    /// A size as written on the command line: bytes, or a number with K, M, G or T (powers of
    /// 1024, with or without a trailing B or iB, any case); null when it is not one.
    /// </summary>
    public static long? Parse(string text)
    {
        string s = text.Trim();
        int end = s.Length;
        while (end > 0 && char.IsLetter(s[end - 1]))
        {
            end--;
        }
        string unit = s[end..].ToUpperInvariant();
        if (unit.EndsWith("IB", StringComparison.Ordinal))
        {
            unit = unit[..^2];
        }
        else if (unit.Length > 1 && unit.EndsWith('B'))
        {
            unit = unit[..^1];
        }
        int power = unit switch
        {
            "" or "B" => 0,
            "K" => 1,
            "M" => 2,
            "G" => 3,
            "T" => 4,
            _ => -1,
        };
        if (
            power < 0
            || !double.TryParse(
                s[..end],
                NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture,
                out double number
            )
        )
        {
            return null;
        }
        double bytes = number * Math.Pow(1024, power);
        return bytes is >= 1 and < long.MaxValue ? (long)bytes : null;
    }
}
