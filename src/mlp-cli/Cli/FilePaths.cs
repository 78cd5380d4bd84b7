using System.Runtime.InteropServices;

namespace Mlp.Cli;

/// <summary>What a path names on disk: the file it really is (links followed), and whether it is a device or a pipe.</summary>
internal static partial class FilePaths
{
    private const int MaxLinks = 40;

    /// <summary>Paths compare as the file system does: case-sensitively only on Linux.</summary>
    public static StringComparer Comparer { get; } =
        OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>The absolute path with every symbolic link resolved (the folders' and the file's), whether or not the file exists.</summary>
    public static string Canonical(string path) => Canonical(Path.GetFullPath(path), 0);

    private static string Canonical(string fullPath, int depth)
    {
        string? folder = Path.GetDirectoryName(fullPath);
        if (folder is null || depth > MaxLinks)
        {
            return fullPath;
        }
        string resolved = Path.Combine(Canonical(folder, depth), Path.GetFileName(fullPath));
        FileSystemInfo info = System.IO.Directory.Exists(resolved)
            ? new DirectoryInfo(resolved)
            : new FileInfo(resolved);
        if (info.LinkTarget is null)
        {
            return resolved;
        }
        string target = Path.GetFullPath(info.LinkTarget, Path.GetDirectoryName(resolved)!);
        return Canonical(target, depth + 1);
    }

    /// <summary>
    /// Whether <paramref name="path"/> exists and is neither a regular file nor a folder (links
    /// followed): a character or block device, a FIFO or a socket, which are written through,
    /// never replaced.
    /// </summary>
    public static unsafe bool IsSpecial(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }
        // The runtime's own stat shim: its FileStatus starts with Flags, then Mode (st_mode bits).
        byte* status = stackalloc byte[StatusBytes];
        if (Stat(path, status) != 0)
        {
            return false;
        }
        int type = *(int*)(status + sizeof(int)) & TypeMask;
        return type != RegularFile && type != Directory;
    }

    private const int StatusBytes = 512;
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int Directory = 0x4000;

    [LibraryImport(
        "libSystem.Native",
        EntryPoint = "SystemNative_Stat",
        StringMarshalling = StringMarshalling.Utf8
    )]
    private static unsafe partial int Stat(string path, byte* status);
}
