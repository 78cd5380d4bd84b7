namespace Mlp.Model;

/// <summary>
/// What a file that is not a model looks like, from its first bytes: gzip (1f 8b), Parquet
/// ("PAR1"), an ONNX export (mlp's own producer name near the start), or text such as a CSV. A
/// model starts with its header's length, eight bytes whose high ones are zero.
/// </summary>
internal static class FileKind
{
    /// <summary>gzip's magic bytes, 1f 8b.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    /// <summary>Parquet's magic bytes, "PAR1".</summary>
    public static bool IsParquet(ReadOnlySpan<byte> bytes) => bytes.StartsWith("PAR1"u8);

    /// <summary>A model's start: its header's length, under 4 GiB, so the high four of its eight bytes are zero (a model, or a damaged one).</summary>
    public static bool IsModel(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 8 && bytes[4..8].IndexOfAnyExcept((byte)0) < 0;

    public static string? Of(ReadOnlySpan<byte> bytes)
    {
        if (IsGzip(bytes))
        {
            return "gzip-compressed data";
        }
        if (IsParquet(bytes))
        {
            return "a Parquet file";
        }
        if (IsModel(bytes))
        {
            return null;
        }
        if (
            bytes.Length >= 2
            && bytes[0] == 0x08
            && bytes[..Math.Min(bytes.Length, 64)].IndexOf("mlp"u8) >= 0
        )
        {
            return "an ONNX model (mlp export's)";
        }
        var start = bytes[..Math.Min(bytes.Length, 512)];
        return !IsText(start) ? null
            : start.IndexOfAny((byte)',', (byte)';', (byte)'\t') >= 0
                ? "a CSV (text with separators)"
            : "a text file";
    }

    /// <summary>No control bytes but tab and line ends, and UTF-8 (the cut may split a last character).</summary>
    public static bool IsText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return false;
        }
        foreach (byte b in bytes)
        {
            if (b < 0x09 || (b > 0x0d && b < 0x20) || b == 0x7f)
            {
                return false;
            }
        }
        Span<char> chars = stackalloc char[bytes.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(
            bytes,
            chars,
            out _,
            out _,
            replaceInvalidSequences: false,
            isFinalBlock: false
        );
        return status
            is System.Buffers.OperationStatus.Done
                or System.Buffers.OperationStatus.NeedMoreData;
    }
}
