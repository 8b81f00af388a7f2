namespace Metronome.Storage.Tests.Store;

public sealed class DirectoryLockTests
{
    [Fact]
    public async Task A_second_open_of_the_same_directory_is_refused_until_the_first_closes()
    {
        string directory = Path.Combine(Path.GetTempPath(), "metronome-lock-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = EventStore.Open(directory);
            var refused = Assert.Throws<StoreUnavailableException>(() => EventStore.Open(directory));
            Assert.Contains("in use by another Metronome process", refused.Message, StringComparison.Ordinal);
            await first.DisposeAsync();

            await using var second = EventStore.Open(directory);
            Assert.Equal(0, second.GetStatistics().TotalEvents);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
