using System.Security.Cryptography;

namespace Mlp.Data;

/// <summary>
/// What a file holds, cheaply: its size and a SHA-256 of its first and last mebibyte. Hashing
/// only the ends keeps a file of many gigabytes from being read again; an edit that keeps the
/// size and touches neither end goes unseen.
/// </summary>
internal static class FileFingerprint
{
    private const int EndBytes = 1 << 20;

    public static (long Size, string Sample) Of(string path)
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
        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
