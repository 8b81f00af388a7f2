using System.Security.Cryptography;

namespace Metronome.Ingest.Web;

/// <summary>Salts held in memory only: visitor ids change when the process restarts. For tests and for
/// servers that prefer that to keeping a salt file.</summary>
public sealed class InMemorySaltStore : ISaltStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<DateOnly, byte[]> _salts = [];

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
            if (!_salts.TryGetValue(day, out var salt))
            {
                salt = RandomNumberGenerator.GetBytes(SaltFile.SaltLength);
                _salts[day] = salt;
            }

            return salt;
        }
    }

    public void DeleteBefore(DateOnly oldestKept)
    {
        lock (_lock)
        {
            foreach (var day in _salts.Keys.Where(day => day < oldestKept).ToList())
            {
                CryptographicOperations.ZeroMemory(_salts[day]);
                _salts.Remove(day);
            }
        }
    }
}
