using Mlp.Data;

namespace Mlp.Cli.Sharding;

/// <summary>
/// What a shard read, to tell whether another shard (or the merge) read the same file: its
/// <see cref="FileFingerprint"/>.
/// </summary>
internal sealed record InputStamp(string Option, string Path, long Size, string Sample)
{
    public static InputStamp Of(string option, string path)
    {
        var (size, sample) = FileFingerprint.Of(path);
        return new InputStamp(option, path, size, sample);
    }

    /// <summary>Whether the file holds what it held when stamped.</summary>
    public bool Matches(InputStamp other) => Size == other.Size && Sample == other.Sample;
}
