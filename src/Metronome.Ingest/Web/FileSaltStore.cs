using System.Security.Cryptography;

namespace Metronome.Ingest.Web;

/// <summary>
/// Salts kept in <c>salts</c> in a data directory, so that visitor ids survive a restart within a day.
/// Every change rewrites the whole (tiny) file atomically: write a temporary file, fsync it, rename it
/// over the old one, so a crash leaves either the old or the new salts and never a torn file. The file
/// is readable by its owner only.
/// </summary>
public sealed class FileSaltStore : ISaltStore
{
    public const string FileName = "salts";

    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly SortedDictionary<DateOnly, byte[]> _salts;

    public FileSaltStore(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        _path = Path.Combine(dataDirectory, FileName);
        _salts = File.Exists(_path) ? SaltFile.Parse(File.ReadAllText(_path), _path) : [];
    }

    public IReadOnlyList<DateOnly> Days
    {
        get
        {
            lock (_lock)
            {
                return [.. _salts.Keys];
            }
        }
    }

    public byte[] GetOrCreate(DateOnly day)
    {
        lock (_lock)
        {
            if (_salts.TryGetValue(day, out var salt))
            {
                return salt;
            }

            salt = RandomNumberGenerator.GetBytes(SaltFile.SaltLength);
            _salts[day] = salt;
            Save();
            return salt;
        }
    }

    public void DeleteBefore(DateOnly oldestKept)
    {
        lock (_lock)
        {
            var expired = _salts.Keys.Where(day => day < oldestKept).ToList();
            if (expired.Count == 0)
            {
                return;
            }

            foreach (var day in expired)
            {
                CryptographicOperations.ZeroMemory(_salts[day]);
                _salts.Remove(day);
            }

            Save();
        }
    }

    private void Save()
    {
        var temporary = _path + ".tmp";
        File.Delete(temporary); // a leftover from a crash may have other permissions
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(SaltFile.Format(_salts));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        // rename(2) replaces the file atomically. The directory entry itself is not fsynced (.NET has no
        // portable way to); after a power cut the worst case is yesterday's file, i.e. new salts.
        File.Move(temporary, _path, overwrite: true);
    }
}
