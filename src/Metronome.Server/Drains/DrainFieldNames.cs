namespace Metronome.Server.Drains;

/// <summary>Fields the drain endpoint stamps on every event of a frame.</summary>
public static class DrainFieldNames
{
    /// <summary>The Logplex-Frame-Id of the request that carried the event: the durable record that the frame
    /// was stored, read back on start to rebuild the redelivery window.</summary>
    public const string FrameId = "_frameid";

    /// <summary>The Logplex-Drain-Token (<c>d.&lt;uuid&gt;</c>), kept even when <c>?name=</c> renames
    /// <c>_sourcename</c>: frame ids are remembered per drain.</summary>
    public const string Drain = "_drain";
}
