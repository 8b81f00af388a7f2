using Metronome.Storage.Io;

namespace Metronome.Storage.Tests.Io;

public class WritebackTests
{
    [Fact]
    public void A_long_write_hands_its_ranges_to_the_kernel_and_the_file_is_intact()
    {
        string path = Path.Combine(Path.GetTempPath(), "metronome-writeback-" + Guid.NewGuid().ToString("N"));
        try
        {
            byte[] piece = new byte[10_000];
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                var writeback = new Writeback(stream.SafeFileHandle, rangeBytes: 64 * 1024);
                for (int i = 0; i < 100; i++)
                {
                    Array.Fill(piece, (byte)i);
                    stream.Write(piece);
                    writeback.Written(stream.Position);
                }

                // A range starts once 64 KiB are unstarted: every 7 pieces, 14 times in 100 (Linux only).
                Assert.Equal(OperatingSystem.IsLinux() ? 100 / 7 : 0, writeback.RangesStarted);
            }

            byte[] written = File.ReadAllBytes(path);
            Assert.Equal(1_000_000, written.Length);
            Assert.All(Enumerable.Range(0, 100), i => Assert.True(written.AsSpan(i * 10_000, 10_000).IndexOfAnyExcept((byte)i) < 0));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
