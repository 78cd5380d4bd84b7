using System.Security.Cryptography;

namespace Mlp.Cli.Sharding;

/// <summary>
/// What a shard read, to tell whether another shard (or the merge) read the same file: its
/// size and a SHA-256 of its first and last mebibyte. Hashing only the ends keeps a shard of a
/// file of many gigabytes from reading all of it; an edit that keeps the size and touches
/// neither end goes unseen.
/// </summary>
internal sealed record InputStamp(string Option, string Path, long Size, string Sample)
{
    private const int EndBytes = 1 << 20;

    public static InputStamp Of(string option, string path)
    {
        using var file = File.OpenRead(path);
        long size = file.Length;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 << 10];
        void Take(long from, long count)
        {
            file.Seek(from, SeekOrigin.Begin);
            while (
                count > 0
                && file.Read(buffer, 0, (int)Math.Min(buffer.Length, count)) is int read and > 0
            )
            {
                hash.AppendData(buffer, 0, read);
                count -= read;
            }
        }
        Take(0, Math.Min(size, EndBytes));
        if (size > EndBytes)
        {
            long tail = Math.Max(EndBytes, size - EndBytes);
            Take(tail, size - tail);
        }
        return new InputStamp(option, path, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Whether the file holds what it held when stamped.</summary>
    public bool Matches(InputStamp other) => Size == other.Size && Sample == other.Sample;
}
