namespace Metronome.Core.Time;

/// <summary>Conversions between <see cref="DateTimeOffset"/> and the microseconds since the Unix epoch
/// that events carry.</summary>
public static class UnixTime
{
    public const long MicrosecondsPerMillisecond = 1_000;
    public const long MicrosecondsPerSecond = 1_000_000;
    public const long MicrosecondsPerDay = 86_400_000_000;

    private const long TicksPerMicrosecond = 10;

    public static long ToMicroseconds(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;

    public static DateTimeOffset FromMicroseconds(long microseconds) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + (microseconds * TicksPerMicrosecond), TimeSpan.Zero);

    public static long NowMicroseconds(TimeProvider clock) => ToMicroseconds(clock.GetUtcNow());

    /// <summary>Now as a receipt time (<c>_receipttime</c>): whole milliseconds, the precision Sumo Logic
    /// gives it. Events of one request share it, and whole milliseconds store in 10 fewer bits a value.</summary>
    public static long ReceiptNow(TimeProvider clock) => ToReceiptTime(NowMicroseconds(clock));

    /// <summary>A time in µs cut to the whole millisecond it falls in (floor, also before 1970).</summary>
    public static long ToReceiptTime(long us) => FloorDiv(us, MicrosecondsPerMillisecond) * MicrosecondsPerMillisecond;

    /// <summary>Division rounding down (toward negative infinity) for a positive <paramref name="divisor"/>:
    /// times before 1970 (or shifted by a zone offset) still fall into the bucket that starts before them.</summary>
    public static long FloorDiv(long value, long divisor)
    {
        long q = Math.DivRem(value, divisor, out long rest);
        return rest < 0 ? q - 1 : q;
    }
}
