namespace Metronome.Ingest.AppLines;

public static class AppLineErrors
{
    public const string InvalidTaggedJson = "@[tag] line without a valid JSON object; kept without properties";
}
